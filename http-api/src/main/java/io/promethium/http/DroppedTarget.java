package io.promethium.http;

import io.promethium.core.labels.Labels;

/** A discovered target that relabelling dropped. Immutable. */
public record DroppedTarget(Labels discoveredLabels, String scrapePool) {}
