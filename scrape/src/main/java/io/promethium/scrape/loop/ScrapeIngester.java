package io.promethium.scrape.loop;

import io.promethium.core.config.ScrapeConfig;
import io.promethium.core.labels.Labels;
import io.promethium.core.log.Logger;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.AppendException;
import io.promethium.core.storage.Appendable;
import io.promethium.core.storage.Appender;
import io.promethium.core.storage.StaleNaN;
import io.promethium.core.storage.StorageException;

/**
 * Ingests the scrapes of one target into storage: everything a {@link ScrapeLoop} does after the HTTP
 * fetch. Per scrape one {@link Appender} takes the samples, the stale markers and the report series
 * ({@code up}, {@code scrape_duration_seconds}, {@code scrape_samples_scraped}, {@code
 * scrape_samples_post_metric_relabeling}, {@code scrape_series_added}) and commits them together. A failed
 * append (parse error, sample or label limit) is rolled back and replaced by an empty scrape, whose stale
 * markers retire the previous scrape's series, as in Prometheus.
 *
 * <p>Public so benchmarks and tools can feed bodies without a network; the loop uses the same path.
 * Not thread-safe: one scrape at a time.
 */
public final class ScrapeIngester {
  private static final Logger LOG = Logger.get("scrape manager");

  /** The report series, in Prometheus's order. */
  private static final String[] REPORT_NAMES = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
      "scrape_samples_post_metric_relabeling", "scrape_series_added"};

  /**
   * What one scrape produced.
   *
   * @param error Prometheus's error text, null when the scrape succeeded ({@code up} 1)
   */
  public record Result(int samplesScraped, int samplesPostRelabeling, int seriesAdded, String error,
      double durationSeconds) {}

  private final BodyAppender bodyAppender;
  private final SeriesCache cache;
  private final MetadataCache metadata;
  private final ScrapeMetrics metrics;
  private final Labels[] reportLabels = new Labels[REPORT_NAMES.length];
  private final long[] reportRefs = new long[REPORT_NAMES.length];
  private long forcedFlushesSeen;

  /** An ingester for a target with these public labels under this job's settings. */
  public ScrapeIngester(Labels targetLabels, ScrapeConfig cfg, MetricsRegistry registry) {
    this(targetLabels, LoopSettings.of(cfg), new ScrapeMetrics(registry), new SeriesCache(), new MetadataCache());
  }

  ScrapeIngester(Labels targetLabels, LoopSettings settings, ScrapeMetrics metrics, SeriesCache cache,
      MetadataCache metadata) {
    this.cache = cache;
    this.metadata = metadata;
    this.metrics = metrics;
    this.bodyAppender = new BodyAppender(cache, metadata,
        new SampleMutator(targetLabels, settings.honorLabels(), settings.metricRelabelConfigs()),
        settings.labelLimits(), settings.sampleLimit(), settings.honorTimestamps(), metrics);
    for (int i = 0; i < REPORT_NAMES.length; i++) {
      reportLabels[i] = targetLabels.toBuilder().set(Labels.METRIC_NAME, REPORT_NAMES[i]).build();
    }
  }

  SeriesCache cache() {
    return cache;
  }

  public MetadataCache metadata() {
    return metadata;
  }

  /**
   * Ingests a fetched body scraped at {@code timestamp}; {@code startNanos} ({@link System#nanoTime()}) is
   * when the scrape began, for {@code scrape_duration_seconds}.
   */
  public Result ingest(Appendable storage, byte[] body, int length, String contentType, long timestamp,
      long startNanos) {
    Appender app = storage.appender();
    bodyAppender.append(app, body, length, contentType, timestamp, System.currentTimeMillis());
    String error = bodyAppender.error();
    int total = bodyAppender.total();
    int added = bodyAppender.added();
    int seriesAdded = bodyAppender.seriesAdded();
    if (error != null) {
      app.rollback();
      app = storage.appender();
      // A failed append is an empty scrape: every series of the previous scrape goes stale.
      bodyAppender.appendEmpty(app, timestamp);
      if (bodyAppender.error() != null) {
        app.rollback();
        app = storage.appender();
      }
    }
    return finish(app, timestamp, startNanos, total, added, seriesAdded, error);
  }

  /** Ingests a scrape whose fetch failed: stale markers for the previous scrape's series and {@code up} 0. */
  public Result ingestFailure(Appendable storage, String error, long timestamp, long startNanos) {
    Appender app = storage.appender();
    bodyAppender.appendEmpty(app, timestamp);
    if (bodyAppender.error() != null) {
      app.rollback();
      app = storage.appender();
    }
    return finish(app, timestamp, startNanos, 0, 0, 0, error);
  }

  private Result finish(Appender app, long ts, long startNanos, int total, int added, int seriesAdded,
      String error) {
    long flushes = cache.forcedFlushes();
    if (flushes != forcedFlushesSeen) {
      metrics.cacheFlushForced.add(flushes - forcedFlushesSeen);
      forcedFlushesSeen = flushes;
    }
    double duration = (System.nanoTime() - startNanos) / 1e9;
    double[] values = {error == null ? 1 : 0, duration, total, added, seriesAdded};
    for (int i = 0; i < values.length; i++) {
      String err = addReportSample(app, i, ts, values[i]);
      if (err != null) {
        app.rollback();
        LOG.warn("Appending scrape report failed", "err", err);
        return new Result(total, added, seriesAdded, error, duration);
      }
    }
    commit(app, "Scrape");
    return new Result(total, added, seriesAdded, error, duration);
  }

  /**
   * The end of a target: stale markers at {@code staleTime} for the series of its last scrape and for its
   * report series.
   */
  public void endOfRun(Appendable storage, long staleTime) {
    Appender app = storage.appender();
    bodyAppender.appendEmpty(app, staleTime);
    if (bodyAppender.error() != null) {
      app.rollback();
      app = storage.appender();
    }
    for (int i = 0; i < REPORT_NAMES.length; i++) {
      String err = addReportSample(app, i, staleTime, StaleNaN.VALUE);
      if (err != null) {
        LOG.warn("Stale report failed", "err", err);
        break;
      }
    }
    commit(app, "Stale");
  }

  private String addReportSample(Appender app, int i, long ts, double v) {
    try {
      long ref = app.append(reportRefs[i], reportLabels[i], ts, v);
      if (ref != 0) {
        reportRefs[i] = ref;
      }
      return null;
    } catch (AppendException e) {
      if (e.reason() == AppendException.Reason.OUT_OF_ORDER
          || e.reason() == AppendException.Reason.DUPLICATE_SAMPLE) {
        // Expected when a target goes away and comes back under a new loop.
        return null;
      }
      return e.getMessage();
    }
  }

  private static void commit(Appender app, String what) {
    try {
      app.commit();
    } catch (StorageException e) {
      LOG.warn(what + " commit failed", "err", e.getMessage());
    }
  }
}
