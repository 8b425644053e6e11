package io.promethium.tsdb.head;

import io.promethium.core.metrics.Counter;
import io.promethium.core.metrics.Gauge;
import io.promethium.core.metrics.MetricsRegistry;

/** The head's self-metrics under Prometheus's names. Thread-safe. */
final class HeadMetrics {
  final Counter seriesCreated;
  final Counter seriesRemoved;
  final Counter seriesNotFound;
  final Counter chunksCreated;
  final Counter chunksRemoved;
  final Counter samplesAppended;
  final Counter outOfBounds;
  final Counter outOfOrder;
  final Counter duplicates;
  final Counter truncations;
  final Counter truncationsFailed;
  final Counter walCorruptions;
  final Counter mmapCorruptions;
  final Counter checkpointCreations;
  final Counter checkpointCreationsFailed;
  final Counter walSeriesLost;
  final Gauge replayDuration;
  final Gauge activeAppenders;

  HeadMetrics(MetricsRegistry r, Head head) {
    seriesCreated = r.counter("prometheus_tsdb_head_series_created_total", "Total number of series created in the head");
    seriesRemoved = r.counter("prometheus_tsdb_head_series_removed_total", "Total number of series removed in the head");
    seriesNotFound = r.counter("prometheus_tsdb_head_series_not_found_total", "Total number of requests for series that were not found.");
    chunksCreated = r.counter("prometheus_tsdb_head_chunks_created_total", "Total number of chunks created in the head");
    chunksRemoved = r.counter("prometheus_tsdb_head_chunks_removed_total", "Total number of chunks removed in the head");
    samplesAppended = r.counterFamily("prometheus_tsdb_head_samples_appended_total", "Total number of appended samples.", "type").labels("float");
    outOfBounds = r.counterFamily("prometheus_tsdb_out_of_bound_samples_total", "Total number of out of bound samples ingestion failed attempts with out of order support disabled.", "type").labels("float");
    outOfOrder = r.counterFamily("prometheus_tsdb_out_of_order_samples_total", "Total number of out of order samples ingestion failed attempts due to out of order being disabled.", "type").labels("float");
    duplicates = r.counter("prometheus_tsdb_duplicate_samples_total", "Total number of samples rejected as duplicates for their timestamp.");
    truncations = r.counter("prometheus_tsdb_head_truncations_total", "Total number of head truncations attempted.");
    truncationsFailed = r.counter("prometheus_tsdb_head_truncations_failed_total", "Total number of head truncations that failed.");
    walCorruptions = r.counter("prometheus_tsdb_wal_corruptions_total", "Total number of WAL corruptions.");
    mmapCorruptions = r.counter("prometheus_tsdb_mmap_chunk_corruptions_total", "Total number of memory-mapped chunk corruptions.");
    checkpointCreations = r.counter("prometheus_tsdb_checkpoint_creations_total", "Total number of checkpoint creations attempted.");
    checkpointCreationsFailed = r.counter("prometheus_tsdb_checkpoint_creations_failed_total", "Total number of checkpoint creations that failed.");
    walSeriesLost = r.counter("prometheus_tsdb_wal_rollback_series_write_failures_total", "Series records of rolled-back appends that could not be written to the WAL.");
    replayDuration = r.gauge("prometheus_tsdb_data_replay_duration_seconds", "Time taken to replay the data on disk.");
    activeAppenders = r.gauge("prometheus_tsdb_head_active_appenders", "Number of currently active appender transactions");
    r.gaugeFunction("prometheus_tsdb_head_chunks_storage_size_bytes", "Size of the chunks_head directory.", head::chunksSize);
    r.gaugeFunction("prometheus_tsdb_head_series", "Total number of series in the head block.", head::numSeries);
    r.gaugeFunction("prometheus_tsdb_head_chunks", "Total number of chunks in the head block.", head::numChunks);
    r.gaugeFunction("prometheus_tsdb_head_min_time", "Minimum time bound of the head block. The unit is decided by the library consumer.", () -> head.minTime());
    r.gaugeFunction("prometheus_tsdb_head_max_time", "Maximum timestamp of the head block. The unit is decided by the library consumer.", () -> head.maxTime());
    r.gaugeFunction("prometheus_tsdb_head_min_time_seconds", "Minimum time bound of the head block.", () -> head.minTime() / 1000.0);
    r.gaugeFunction("prometheus_tsdb_head_max_time_seconds", "Maximum timestamp of the head block.", () -> head.maxTime() / 1000.0);
  }

  void registerWalSize(MetricsRegistry r, Head head) {
    if (r == null) {
      return;
    }
    r.gaugeFunction("prometheus_tsdb_wal_storage_size_bytes", "Size of the write log directory.", () -> {
      try {
        return head.walSize();
      } catch (java.io.IOException e) {
        return Double.NaN;
      }
    });
  }
}
