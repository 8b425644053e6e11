package io.promethium.scrape.loop;

import io.promethium.core.metrics.Counter;
import io.promethium.core.metrics.MetricFamily;
import io.promethium.core.metrics.MetricsRegistry;

/**
 * The scrape manager's self-metrics, under Prometheus's names. Prometheus exposes the two {@code *_length_seconds}
 * families as summaries; here they are histograms (the registry has no summaries). Thread-safe.
 */
final class ScrapeMetrics {
  private static final double[] INTERVAL_BUCKETS = {0.01, 0.1, 1, 10, 15, 20, 30, 60, 120, 300, 600};
  private static final double[] SYNC_BUCKETS = {0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30};

  final MetricFamily.Histograms intervalLength;
  final MetricFamily.Histograms syncLength;
  final MetricFamily.Histograms reloadLength;
  final MetricFamily.Gauges poolTargets;
  final MetricFamily.Gauges poolTargetLimit;
  final MetricFamily.Counters poolSyncs;
  final MetricFamily.Counters syncFailed;
  final Counter pools;
  final Counter poolsFailed;
  final Counter poolReloads;
  final Counter poolReloadsFailed;
  final Counter exceededTargetLimit;
  final Counter exceededLabelLimits;
  final Counter exceededSampleLimit;
  final Counter exceededBodySizeLimit;
  final Counter sampleDuplicate;
  final Counter sampleOutOfOrder;
  final Counter sampleOutOfBounds;
  final Counter exemplarOutOfOrder;
  final Counter cacheFlushForced;

  ScrapeMetrics(MetricsRegistry r) {
    intervalLength = r.histogramFamily("prometheus_target_interval_length_seconds",
        "Actual intervals between scrapes.", INTERVAL_BUCKETS, "interval");
    syncLength = r.histogramFamily("prometheus_target_sync_length_seconds",
        "Actual interval to sync the scrape pool.", SYNC_BUCKETS, "scrape_job");
    reloadLength = r.histogramFamily("prometheus_target_reload_length_seconds",
        "Actual interval to reload the scrape pool with a given configuration.", SYNC_BUCKETS, "interval");
    poolTargets = r.gaugeFamily("prometheus_target_scrape_pool_targets",
        "Current number of targets in this scrape pool.", "scrape_job");
    poolTargetLimit = r.gaugeFamily("prometheus_target_scrape_pool_target_limit",
        "Maximum number of targets allowed in this scrape pool.", "scrape_job");
    poolSyncs = r.counterFamily("prometheus_target_scrape_pool_sync_total",
        "Total number of syncs that were executed on a scrape pool.", "scrape_job");
    syncFailed = r.counterFamily("prometheus_target_sync_failed_total",
        "Total number of target sync failures.", "scrape_job");
    pools = r.counter("prometheus_target_scrape_pools_total", "Total number of scrape pool creation attempts.");
    poolsFailed = r.counter("prometheus_target_scrape_pools_failed_total",
        "Total number of scrape pool creations that failed.");
    poolReloads = r.counter("prometheus_target_scrape_pool_reloads_total",
        "Total number of scrape pool reloads.");
    poolReloadsFailed = r.counter("prometheus_target_scrape_pool_reloads_failed_total",
        "Total number of failed scrape pool reloads.");
    exceededTargetLimit = r.counter("prometheus_target_scrape_pool_exceeded_target_limit_total",
        "Total number of times scrape pools hit the target limit, during sync or config reload.");
    exceededLabelLimits = r.counter("prometheus_target_scrape_pool_exceeded_label_limits_total",
        "Total number of times scrape pools hit the label limits, during sync or config reload.");
    exceededSampleLimit = r.counter("prometheus_target_scrapes_exceeded_sample_limit_total",
        "Total number of scrapes that hit the sample limit and were rejected.");
    exceededBodySizeLimit = r.counter("prometheus_target_scrapes_exceeded_body_size_limit_total",
        "Total number of scrapes that hit the body size limit");
    sampleDuplicate = r.counter("prometheus_target_scrapes_sample_duplicate_timestamp_total",
        "Total number of samples rejected due to duplicate timestamps but different values.");
    sampleOutOfOrder = r.counter("prometheus_target_scrapes_sample_out_of_order_total",
        "Total number of samples rejected due to not being out of the expected order.");
    sampleOutOfBounds = r.counter("prometheus_target_scrapes_sample_out_of_bounds_total",
        "Total number of samples rejected due to timestamp falling outside of the time bounds.");
    exemplarOutOfOrder = r.counter("prometheus_target_scrapes_exemplar_out_of_order_total",
        "Total number of exemplar rejected due to not being out of the expected order.");
    cacheFlushForced = r.counter("prometheus_target_scrapes_cache_flush_forced_total",
        "How many times a scrape cache was flushed due to getting big while scrapes are failing.");
  }
}
