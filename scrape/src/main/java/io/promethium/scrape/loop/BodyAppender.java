package io.promethium.scrape.loop;

import io.promethium.core.exposition.ExpositionParseException;
import io.promethium.core.exposition.ExpositionParser;
import io.promethium.core.exposition.ExpositionParsers;
import io.promethium.core.exposition.OpenMetricsParser;
import io.promethium.core.exposition.PromTextParser;
import io.promethium.core.labels.Labels;
import io.promethium.core.storage.AppendException;
import io.promethium.core.storage.Appender;
import io.promethium.core.storage.Exemplar;
import io.promethium.core.storage.StaleNaN;

/**
 * Appends one scrape body through an {@link Appender}, as Prometheus's {@code scrapeLoop.append}: parse,
 * look each series up in the {@link SeriesCache} (labels are parsed, mutated, validated and limit-checked
 * on a miss only), enforce {@code sample_limit} and the 10-minute future bound, count rejected samples
 * rather than fail on them, record metadata, and finally write stale markers for series that vanished.
 *
 * <p>The outcome is left in {@link #total()}, {@link #added()}, {@link #seriesAdded()} and {@link #error()}
 * (Prometheus's error text; non-null means the caller must roll back). The steady state (every series
 * cached) allocates nothing per sample. One per scrape loop; not thread-safe.
 */
final class BodyAppender {
  /** Prometheus rejects samples more than this far in the future ({@code maxAheadTime}). */
  static final long MAX_AHEAD_MILLIS = 10 * 60 * 1000;
  static final String SAMPLE_LIMIT_EXCEEDED = "sample limit exceeded";
  static final String MISSING_NAME = "missing metric name (__name__ label)";
  /**
   * Series prefetched at a time ({@link Appender#prefetch}), and how many lines ahead: a steady scrape
   * lists its series in the cache's order, so the entries after the current one are the coming lines.
   * Eight reads in a row overlap their cache misses; eight lines are time enough for them to arrive.
   */
  private static final int PREFETCH_GROUP = 8;
  private static final int PREFETCH_LEAD = 8;

  private final SeriesCache cache;
  private final MetadataCache metadata;
  private final SampleMutator mutator;
  private final LabelLimits labelLimits;
  private final long sampleLimit;
  private final boolean honorTimestamps;
  private final ScrapeMetrics metrics;
  private final Labels.Builder scratch = Labels.builder();
  private PromTextParser textParser;
  private OpenMetricsParser openMetricsParser;

  private int total;
  private int added;
  private int seriesAdded;
  private String error;
  /** Cache entries below this one were prefetched in this scrape. */
  private int prefetchedEnd;
  private AppendException staleError;

  BodyAppender(SeriesCache cache, MetadataCache metadata, SampleMutator mutator, LabelLimits labelLimits,
      long sampleLimit, boolean honorTimestamps, ScrapeMetrics metrics) {
    this.cache = cache;
    this.metadata = metadata;
    this.mutator = mutator;
    this.labelLimits = labelLimits;
    this.sampleLimit = sampleLimit;
    this.honorTimestamps = honorTimestamps;
    this.metrics = metrics;
  }

  int total() {
    return total;
  }

  int added() {
    return added;
  }

  int seriesAdded() {
    return seriesAdded;
  }

  String error() {
    return error;
  }

  SeriesCache cache() {
    return cache;
  }

  /**
   * An empty scrape (a failed one, or the end of a target): stale markers for every series of the
   * previous scrape, then the iteration ends without flushing the cache.
   */
  void appendEmpty(Appender app, long defTime) {
    total = 0;
    added = 0;
    seriesAdded = 0;
    error = updateStaleMarkers(app, defTime);
    cache.iterDone(false);
    metadata.iterDone(false);
  }

  /** Appends {@code buf[0, length)} scraped at {@code defTime}; see the class doc for the outcome. */
  void append(Appender app, byte[] buf, int length, String contentType, long defTime, long nowMillis) {
    if (length == 0) {
      appendEmpty(app, defTime);
      return;
    }
    total = 0;
    added = 0;
    seriesAdded = 0;
    error = null;
    prefetchedEnd = 0;
    ExpositionParser p = parser(contentType, buf, length);
    long maxTime = nowMillis + MAX_AHEAD_MILLIS;
    long appended = 0;
    boolean sampleLimitHit = false;
    try {
      PromTextParser hinted = p == textParser ? textParser : null;
      if (hinted == null) {
        cache.stopHints();
      }
      loop:
      while (true) {
        boolean hint = false;
        if (hinted != null) {
          // The cache's guess at the next series lets the parser skip scanning labels it already knows.
          int e = cache.predicted();
          if (e >= 0) {
            hinted.expectSeries(cache.predictedKey(), 0, cache.predictedKeyLength());
            hint = true;
          }
        }
        switch (p.next()) {
          case EOF -> {
            break loop;
          }
          case TYPE -> {
            metadata.setType(p.metadataName(), p.type());
            continue;
          }
          case HELP -> {
            metadata.setHelp(p.metadataName(), p.help());
            continue;
          }
          case UNIT -> {
            metadata.setUnit(p.metadataName(), p.unit());
            continue;
          }
          case COMMENT -> {
            continue;
          }
          default -> { }
        }
        total++;
        boolean explicitTs = honorTimestamps && p.hasTimestamp();
        long t = explicitTs ? p.timestamp() : defTime;
        double v = p.value();
        int start = p.seriesStart();
        int end = p.seriesEnd();
        byte[] text = p.buffer();

        int slot = hint && hinted.seriesWasExpected() ? cache.acceptPredicted() : cache.find(text, start, end);
        long ref;
        Labels lset;
        boolean cached = slot >= 0;
        boolean alreadyScraped = false;
        if (cached) {
          alreadyScraped = cache.touch(slot);
          if (cache.isDropped(slot)) {
            continue;
          }
          ref = cache.ref(slot);
          lset = cache.labels(slot);
          if (slot + PREFETCH_LEAD >= prefetchedEnd) {
            prefetch(app, Math.max(prefetchedEnd, slot + 1));
          }
        } else {
          ref = 0;
          lset = mutator.mutate(p.labels(scratch));
          if (lset == null) {
            cache.addDropped(text, start, end);
            continue;
          }
          if (!lset.has(Labels.METRIC_NAME)) {
            error = MISSING_NAME;
            break;
          }
          if (!LabelValidity.valid(lset)) {
            error = "invalid metric name or label names: " + lset;
            break;
          }
          String limitErr = labelLimits.check(lset);
          if (limitErr != null) {
            metrics.exceededLabelLimits.inc();
            error = limitErr;
            break;
          }
        }

        boolean sampleAdded = false;
        if (alreadyScraped && !explicitTs) {
          metrics.sampleDuplicate.inc();
        } else if (sampleLimit > 0 && !StaleNaN.is(v) && ++appended > sampleLimit) {
          // Keep parsing so the scrape reports how many samples there were.
          sampleLimitHit = true;
        } else if (t > maxTime) {
          metrics.sampleOutOfBounds.inc();
        } else {
          try {
            long newRef = app.append(ref, lset, t, v);
            sampleAdded = true;
            if (cached) {
              if (newRef != ref) {
                cache.updateRef(slot, newRef);
              }
            }
            ref = newRef;
          } catch (AppendException e) {
            countRejected(e);
          }
        }
        if (sampleAdded) {
          if (cached) {
            if (!explicitTs) {
              cache.track(slot);
            }
          } else if (ref != 0) {
            slot = cache.add(text, start, end, ref, lset);
            if (!explicitTs) {
              cache.track(slot);
            }
            if (!sampleLimitHit) {
              seriesAdded++;
            }
          }
        }
        added++;
        Exemplar ex = p.exemplar();
        if (ex != null && sampleAdded) {
          appendExemplar(app, ref, lset, ex, t);
        }
      }
    } catch (ExpositionParseException e) {
      error = e.getMessage();
    }
    if (sampleLimitHit) {
      if (error == null) {
        error = SAMPLE_LIMIT_EXCEEDED;
      }
      metrics.exceededSampleLimit.inc();
    }
    if (error == null) {
      error = updateStaleMarkers(app, defTime);
    }
    if (error == null) {
      cache.iterDone(true);
      metadata.iterDone(true);
    }
  }

  /** Prefetches the cache entries from {@code from} on, one group; the end of the cache ends it. */
  private void prefetch(Appender app, int from) {
    int to = Math.min(from + PREFETCH_GROUP, cache.size());
    for (int e = from; e < to; e++) {
      if (!cache.isDropped(e)) {
        app.prefetch(cache.ref(e));
      }
    }
    prefetchedEnd = to < cache.size() ? to : Integer.MAX_VALUE;
  }

  private void appendExemplar(Appender app, long ref, Labels lset, Exemplar ex, long t) {
    Exemplar e = ex.hasTimestamp() ? ex : new Exemplar(ex.labels(), ex.value(), true, t);
    try {
      app.appendExemplar(ref, lset, e);
    } catch (AppendException err) {
      if (err.reason() == AppendException.Reason.EXEMPLAR_OUT_OF_ORDER) {
        metrics.exemplarOutOfOrder.inc();
      }
      // Exemplar storage is best effort, as in Prometheus: other rejections do not fail the scrape.
    }
  }

  private void countRejected(AppendException e) {
    switch (e.reason()) {
      case OUT_OF_ORDER, TOO_OLD -> metrics.sampleOutOfOrder.inc();
      case DUPLICATE_SAMPLE -> metrics.sampleDuplicate.inc();
      case OUT_OF_BOUNDS -> metrics.sampleOutOfBounds.inc();
      default -> {
        // Invalid labels and the like: the series is skipped, the scrape goes on.
      }
    }
  }

  /** Stale markers for series of the previous scrape missing from this one; the error text or null. */
  private String updateStaleMarkers(Appender app, long defTime) {
    staleError = null;
    cache.forEachStale((ref, lset) -> {
      try {
        app.append(ref, lset, defTime, StaleNaN.VALUE);
        return true;
      } catch (AppendException e) {
        // Expected when a target comes back under a new loop: its samples are already newer.
        if (e.reason() == AppendException.Reason.OUT_OF_ORDER
            || e.reason() == AppendException.Reason.DUPLICATE_SAMPLE) {
          return true;
        }
        staleError = e;
        return false;
      }
    });
    return staleError == null ? null : staleError.getMessage();
  }

  private ExpositionParser parser(String contentType, byte[] buf, int length) {
    if (ExpositionParsers.isOpenMetrics(contentType)) {
      if (openMetricsParser == null) {
        openMetricsParser = new OpenMetricsParser(buf, 0, length);
      } else {
        openMetricsParser.reset(buf, 0, length);
      }
      return openMetricsParser;
    }
    if (textParser == null) {
      textParser = new PromTextParser(buf, 0, length);
    } else {
      textParser.reset(buf, 0, length);
    }
    return textParser;
  }
}
