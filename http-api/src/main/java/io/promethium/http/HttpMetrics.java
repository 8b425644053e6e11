package io.promethium.http;

import io.promethium.core.metrics.MetricFamily;
import io.promethium.core.metrics.MetricsRegistry;

/**
 * The web server's self-metrics under Prometheus's names ({@code web/web.go} {@code newMetrics}).
 * Thread-safe.
 */
final class HttpMetrics {
  /** Prometheus's bounds for {@code prometheus_http_request_duration_seconds}. */
  private static final double[] DURATION_BUCKETS = {.1, .2, .4, 1, 3, 8, 20, 60, 120};
  /** {@code prometheus.ExponentialBuckets(100, 10, 8)}: 100 B to 1 GB. */
  private static final double[] SIZE_BUCKETS = {100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

  private final MetricFamily.Histograms duration;
  private final MetricFamily.Counters requests;
  private final MetricFamily.Histograms responseSize;

  HttpMetrics(MetricsRegistry registry) {
    duration = registry.histogramFamily("prometheus_http_request_duration_seconds",
        "Histogram of latencies for HTTP requests.", DURATION_BUCKETS, "handler");
    requests = registry.counterFamily("prometheus_http_requests_total",
        "Counter of HTTP requests.", "code", "handler");
    responseSize = registry.histogramFamily("prometheus_http_response_size_bytes",
        "Histogram of response size for HTTP requests.", SIZE_BUCKETS, "handler");
  }

  void observe(String handler, int code, long bytes, long startNanos) {
    duration.labels(handler).observe((System.nanoTime() - startNanos) / 1e9);
    requests.labels(Integer.toString(code), handler).inc();
    responseSize.labels(handler).observe(bytes);
  }
}
