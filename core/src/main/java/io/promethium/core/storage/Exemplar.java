package io.promethium.core.storage;

import io.promethium.core.labels.Labels;

/** An exemplar: labels (e.g. a trace id), a value and, if known, a timestamp. */
public record Exemplar(Labels labels, double value, boolean hasTimestamp, long timestampMillis) {}
