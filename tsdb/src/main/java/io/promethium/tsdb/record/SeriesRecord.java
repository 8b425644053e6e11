package io.promethium.tsdb.record;

import io.promethium.core.labels.Labels;

/** One entry of a series record: the head series reference and its labels. Immutable. */
public record SeriesRecord(long ref, Labels labels) {}
