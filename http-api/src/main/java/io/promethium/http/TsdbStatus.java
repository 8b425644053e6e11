package io.promethium.http;

import java.util.List;

/**
 * Cardinality figures of {@code /api/v1/status/tsdb}, as Prometheus's {@code TSDBAdminStats.Stats}. The
 * server implements it over the head. Thread-safe.
 */
public interface TsdbStatus {
  /**
   * Current head statistics, each top list cut to {@code limit} entries ordered by count descending.
   */
  Stats stats(int limit);

  /** WAL replay progress, as {@code /api/v1/status/walreplay} reports it. */
  default WalReplay walReplay() {
    return new WalReplay(0, 0, 0);
  }

  /** Statistics record. Immutable. */
  record Stats(HeadStats head, List<NameCount> seriesCountByMetricName, List<NameCount> labelValueCountByLabelName,
      List<NameCount> memoryInBytesByLabelName, List<NameCount> seriesCountByLabelValuePair) {}

  /** Head block figures; times in milliseconds. */
  record HeadStats(long numSeries, long numLabelPairs, long chunkCount, long minTime, long maxTime) {}

  /** One entry of a top list. */
  record NameCount(String name, long value) {}

  /** WAL replay progress: segment numbers. */
  record WalReplay(long min, long max, long current) {}
}
