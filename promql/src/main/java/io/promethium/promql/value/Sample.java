package io.promethium.promql.value;

import io.promethium.core.labels.Labels;

/** One element of an instant vector: a series' labels and its value at a timestamp (milliseconds). */
public record Sample(Labels labels, long timestamp, double value) {}
