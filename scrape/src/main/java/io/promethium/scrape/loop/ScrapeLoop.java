package io.promethium.scrape.loop;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.promethium.core.log.LogLevel;
import io.promethium.core.log.Logger;
import io.promethium.core.metrics.Histogram;
import io.promethium.core.storage.Appendable;
import io.promethium.scrape.client.BodyBuffer;
import io.promethium.scrape.client.ScrapeException;
import io.promethium.scrape.client.TargetClient;
import io.promethium.scrape.target.Target;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes one target on its interval, for as long as it is discovered (Prometheus's {@code scrapeLoop}).
 *
 * <p><b>Timing.</b> Scrapes happen at {@code k·interval + offset} on the wall clock, where the offset is
 * {@code (target hash ^ offset seed) mod interval}: targets spread over the interval, a target keeps its
 * phase across reloads and restarts, and times never drift. The sample timestamp of a scrape is its
 * scheduled time. A scrape that overruns skips the slots it missed, as Go's ticker drops ticks. Timers
 * run on the target's Netty event loop; parsing and appending run on the shared worker pool, so there is
 * no thread per target.
 *
 * <p><b>Per scrape.</b> One {@code Appender}: the body's samples, stale markers and the report series
 * ({@code up}, {@code scrape_duration_seconds}, {@code scrape_samples_scraped}, {@code
 * scrape_samples_post_metric_relabeling}, {@code scrape_series_added}) commit together. A failed fetch is
 * an empty scrape (every series of the previous scrape gets a stale marker); a failed append (parse
 * error, sample or label limit) is rolled back and then handled as an empty scrape, as in Prometheus.
 *
 * <p><b>End of run.</b> After {@link #stop} a loop writes stale markers for its last series (and report
 * series) at the time its next scrape would have been, but only two intervals later, so a target that
 * comes straight back (new loop, newer samples) wins and the markers are dropped as out of order. A
 * loop whose cache is handed to its successor on reload writes none.
 *
 * <p>Thread-safe: scheduling state is guarded by this object's monitor; the scrape itself is confined
 * to one task at a time.
 */
final class ScrapeLoop {
  private static final Logger LOG = Logger.get("scrape manager");

  private final Target target;
  private final TargetClient client;
  private final EventLoop eventLoop;
  private final Appendable appendable;
  private final Executor workers;
  private final ScrapeMetrics metrics;
  private final ScrapeIngester ingester;
  private final long intervalMillis;
  private final long timeoutMillis;
  private final long offsetMillis;
  private final String intervalLabel;
  /** This loop's child of {@code prometheus_target_interval_length_seconds}; ticks are serial. */
  private Histogram intervalLength;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  // Guarded by this.
  private boolean started;
  private boolean stopping;
  private boolean inFlight;
  private boolean endOfRunStaleness = true;
  private boolean closing;
  private ScheduledFuture<?> timer;
  private long lastSlot;
  private long lastStartNanos;
  private volatile String forcedError;

  ScrapeLoop(Target target, TargetClient client, Appendable appendable, Executor workers, ScrapeMetrics metrics,
      SeriesCache cache, MetadataCache metadata, LoopSettings settings, long offsetSeed) {
    this.target = target;
    this.client = client;
    this.eventLoop = client.eventLoop();
    this.appendable = appendable;
    this.workers = workers;
    this.metrics = metrics;
    this.intervalMillis = target.intervalMillis();
    this.timeoutMillis = target.timeoutMillis();
    this.offsetMillis = Math.floorMod(target.hash() ^ offsetSeed, intervalMillis);
    this.intervalLabel = GoDuration.format(intervalMillis);
    this.ingester = new ScrapeIngester(target.publicLabels(), settings, metrics, cache, metadata);
    target.setMetadataSource(metadata::list);
  }

  public Target target() {
    return target;
  }

  SeriesCache cache() {
    return ingester.cache();
  }

  MetadataCache metadata() {
    return ingester.metadata();
  }

  /** The wall-clock phase of this loop's scrapes within the interval. */
  public long offsetMillis() {
    return offsetMillis;
  }

  /** The first scheduled time at or after {@code now} on this loop's grid. */
  long nextSlot(long now) {
    long k = Math.floorDiv(now - offsetMillis, intervalMillis);
    long slot = k * intervalMillis + offsetMillis;
    return slot < now ? slot + intervalMillis : slot;
  }

  /** Starts scraping at the first slot after {@code notBefore} (ms); a loop starts once. */
  synchronized void start(long notBefore) {
    if (started || stopping) {
      return;
    }
    started = true;
    long now = System.currentTimeMillis();
    schedule(nextSlot(Math.max(now, notBefore + 1)), now);
    if (stopping) {
      stopped.complete(null);
    }
  }

  /** Forces every scrape to fail with this text (target limit exceeded), or clears it with null. */
  void setForcedError(String error) {
    forcedError = error;
  }

  /** The cache moves to a successor: this loop must not write end-of-run stale markers. */
  synchronized void disableEndOfRunStaleness() {
    endOfRunStaleness = false;
  }

  /**
   * Stops scraping; the future completes when a scrape in progress has been appended. With
   * {@code shutdown} no end-of-run stale markers are written (the server restarts where it stopped).
   */
  CompletableFuture<Void> stop(boolean shutdown) {
    synchronized (this) {
      if (stopping) {
        return stopped;
      }
      stopping = true;
      closing = shutdown;
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
      if (inFlight) {
        return stopped;
      }
    }
    finishStop();
    return stopped;
  }

  /** The last slot scraped, 0 before the first scrape. */
  synchronized long lastSlot() {
    return lastSlot;
  }

  private void finishStop() {
    boolean stale;
    long slot;
    synchronized (this) {
      stale = endOfRunStaleness && !closing && lastSlot != 0;
      slot = lastSlot;
    }
    client.close();
    stopped.complete(null);
    if (stale) {
      long staleTime = Math.max(slot + intervalMillis, nextSlot(System.currentTimeMillis()));
      long writeAt = staleTime + intervalMillis + intervalMillis / 10;
      long delay = Math.max(0, writeAt - System.currentTimeMillis());
      try {
        eventLoop.schedule(() -> runOnWorker(() -> endOfRunStaleness(staleTime)), delay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // Shutting down: no stale markers, as on shutdown.
      }
    }
  }

  private void schedule(long slot, long now) {
    try {
      timer = eventLoop.schedule(() -> tick(slot), Math.max(0, slot - now), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The event loop group is shutting down: this loop ends here.
      timer = null;
      stopping = true;
      closing = true;
    }
  }

  private void tick(long slot) {
    synchronized (this) {
      if (stopping) {
        return;
      }
      inFlight = true;
      timer = null;
    }
    long startNanos = System.nanoTime();
    if (lastStartNanos != 0) {
      Histogram h = intervalLength;
      if (h == null) {
        // Looked up at the first observation (not before, so the series appears when Prometheus's does).
        h = metrics.intervalLength.labels(intervalLabel);
        intervalLength = h;
      }
      h.observe((startNanos - lastStartNanos) / 1e9);
    }
    lastStartNanos = startNanos;
    String forced = forcedError;
    if (forced != null) {
      runOnWorker(() -> process(slot, startNanos, new ScrapeException(ScrapeException.Kind.CONFIG, forced)));
      return;
    }
    client.scrape(timeoutMillis, error -> runOnWorker(() -> process(slot, startNanos, error)));
  }

  private void runOnWorker(Runnable r) {
    try {
      workers.execute(r);
    } catch (RejectedExecutionException e) {
      // The manager is shutting down.
      synchronized (this) {
        inFlight = false;
        stopping = true;
        closing = true;
      }
      stopped.complete(null);
    }
  }

  /** Appends one scrape's outcome; runs on a worker. */
  private void process(long slot, long startNanos, ScrapeException fetchError) {
    try {
      scrapeAndReport(slot, startNanos, fetchError);
    } catch (RuntimeException e) {
      LOG.warn("Scrape failed unexpectedly", "scrape_pool", target.scrapePool(), "target", target, "err", e);
    } finally {
      boolean stopNow;
      synchronized (this) {
        inFlight = false;
        lastSlot = slot;
        if (!stopping) {
          long now = System.currentTimeMillis();
          schedule(nextSlot(Math.max(now, slot + 1)), now);
        }
        stopNow = stopping;
      }
      if (stopNow) {
        finishStop();
      }
    }
  }

  private void scrapeAndReport(long slot, long startNanos, ScrapeException fetchError) {
    ScrapeIngester.Result r;
    if (fetchError == null) {
      BodyBuffer body = client.body();
      try {
        r = ingester.ingest(appendable, body.array(), body.length(), client.contentType(), slot, startNanos);
      } finally {
        client.releaseBody();
      }
    } else {
      client.releaseBody();
      if (fetchError.kind() == ScrapeException.Kind.BODY_SIZE_LIMIT) {
        metrics.exceededBodySizeLimit.inc();
      }
      r = ingester.ingestFailure(appendable, fetchError.getMessage(), slot, startNanos);
    }
    target.report(slot, r.durationSeconds(), r.error());
    if (r.error() != null && LOG.isEnabled(LogLevel.DEBUG)) {
      LOG.debug("Scrape failed", "scrape_pool", target.scrapePool(), "target", target, "err", r.error());
    }
  }

  private void endOfRunStaleness(long staleTime) {
    synchronized (this) {
      if (!endOfRunStaleness || closing) {
        return;
      }
    }
    try {
      ingester.endOfRun(appendable, staleTime);
    } catch (RuntimeException e) {
      // E.g. storage closed during shutdown.
      LOG.warn("Stale markers failed", "scrape_pool", target.scrapePool(), "target", target, "err", e);
    }
  }
}
