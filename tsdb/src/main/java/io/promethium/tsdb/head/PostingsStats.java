package io.promethium.tsdb.head;

import java.util.List;

/**
 * Cardinality of the head's index for {@code /api/v1/status/tsdb}, as Prometheus's
 * {@code index.PostingsStats}: each list holds the top entries, largest first. Immutable.
 */
public record PostingsStats(
    List<Entry> seriesCountByMetricName,
    List<Entry> labelValueCountByLabelName,
    List<Entry> memoryInBytesByLabelName,
    List<Entry> seriesCountByLabelValuePair,
    long numLabelPairs) {

  /** A name and its count. */
  public record Entry(String name, long value) {}
}
