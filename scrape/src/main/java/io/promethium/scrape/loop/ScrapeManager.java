package io.promethium.scrape.loop;

import io.netty.channel.EventLoopGroup;
import io.promethium.core.config.ScrapeConfig;
import io.promethium.core.discovery.TargetGroup;
import io.promethium.core.labels.Labels;
import io.promethium.core.log.Logger;
import io.promethium.core.metadata.MetricMetadata;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.Appendable;
import io.promethium.scrape.client.ClientSettings;
import io.promethium.scrape.client.ScrapeClient;
import io.promethium.scrape.client.ScrapeException;
import io.promethium.scrape.target.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The scrape subsystem's front door (Prometheus's {@code scrape.Manager}): one {@code ScrapePool} per job,
 * fed by {@link #applyConfig} and by discovery through {@link #updateTargets}, read by the HTTP API through
 * {@link #activeTargets()}, {@link #droppedTargets()}, {@link #targetMetadata} and {@link #metadata}.
 *
 * <p>Owns a Netty event loop group (network and timers; {@code ioThreads}) unless one is given, and a
 * worker pool that parses and appends (default: one thread per core). Thread-safe: configuration and
 * discovery updates are serialised by this object's monitor; reads return copies.
 */
public final class ScrapeManager implements AutoCloseable {
  private static final Logger LOG = Logger.get("scrape manager");

  /**
   * Construction options.
   *
   * @param registry where the self-metrics go
   * @param offsetSeed mixed into every target's scrape offset so that several servers scraping the same
   *     targets spread out (Prometheus hashes its external labels and host name)
   * @param workerThreads parse/append threads; 0 for one per core
   * @param ioThreads event loop threads when no group is given; 0 for half the cores (at least one)
   * @param group an event loop group to share (not shut down by the manager), or null
   */
  public record Options(MetricsRegistry registry, long offsetSeed, int workerThreads, int ioThreads,
      EventLoopGroup group) {
    public static Options defaults() {
      return new Options(new MetricsRegistry(), 0, 0, 0, null);
    }

    public Options withRegistry(MetricsRegistry r) {
      return new Options(r, offsetSeed, workerThreads, ioThreads, group);
    }

    public Options withOffsetSeed(long seed) {
      return new Options(registry, seed, workerThreads, ioThreads, group);
    }
  }

  /** One family's metadata as one target exposed it ({@code /api/v1/targets/metadata}). */
  public record TargetMetadata(Target target, String metric, MetricMetadata metadata) {}

  private final Appendable appendable;
  private final Options options;
  private final ScrapeMetrics metrics;
  private final ScrapeClient client;
  private final ExecutorService workers;
  private final Map<String, ScrapePool> pools = new LinkedHashMap<>();
  private Map<String, ScrapeConfig> configs = Map.of();
  private final Map<String, List<TargetGroup>> pendingGroups = new TreeMap<>();
  private boolean closed;

  public ScrapeManager(Appendable appendable, Options options) {
    this.appendable = appendable;
    this.options = options == null ? Options.defaults() : options;
    this.metrics = new ScrapeMetrics(this.options.registry() == null ? new MetricsRegistry()
        : this.options.registry());
    int io = this.options.ioThreads() > 0 ? this.options.ioThreads()
        : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    this.client = this.options.group() != null
        ? new ScrapeClient(this.options.group(), false, ScrapeClient.DEFAULT_MAX_BODY_BYTES)
        : new ScrapeClient(io);
    int n = this.options.workerThreads() > 0 ? this.options.workerThreads()
        : Runtime.getRuntime().availableProcessors();
    AtomicInteger id = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "scrape-worker-" + id.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Applies the scrape configs: new jobs get a pool, removed jobs stop (without stale markers, as in
   * Prometheus), changed jobs reload, identical jobs are left alone (their loops run on undisturbed).
   *
   * @throws IllegalArgumentException when a job's HTTP client cannot be built (e.g. unreadable TLS file);
   *     nothing is changed then
   */
  public synchronized void applyConfig(List<ScrapeConfig> scrapeConfigs) {
    if (closed) {
      throw new IllegalStateException("scrape manager closed");
    }
    Map<String, ScrapeConfig> next = new LinkedHashMap<>();
    Map<String, ClientSettings> settings = new LinkedHashMap<>();
    for (ScrapeConfig c : scrapeConfigs) {
      if (next.put(c.jobName(), c) != null) {
        throw new IllegalArgumentException("found multiple scrape configs with job name \"" + c.jobName() + "\"");
      }
      ScrapeConfig old = configs.get(c.jobName());
      if (old != null && old.equals(c)) {
        continue;
      }
      try {
        settings.put(c.jobName(), ClientSettingsFactory.from(c));
      } catch (ScrapeException e) {
        if (old == null) {
          metrics.poolsFailed.inc();
        } else {
          metrics.poolReloadsFailed.inc();
        }
        throw new IllegalArgumentException("job \"" + c.jobName() + "\": error creating HTTP client: "
            + e.getMessage());
      }
    }
    for (String job : new ArrayList<>(pools.keySet())) {
      if (!next.containsKey(job)) {
        // As Prometheus: a removed job's loops stop with their pool's context, so they write no
        // end-of-run stale markers (only targets that disappear from a live job do).
        pools.remove(job).stop(true);
        pendingGroups.remove(job);
      }
    }
    for (ScrapeConfig c : next.values()) {
      ScrapePool pool = pools.get(c.jobName());
      if (pool == null) {
        metrics.pools.inc();
        pool = new ScrapePool(c, settings.get(c.jobName()), client, appendable, workers, metrics,
            options.offsetSeed());
        pools.put(c.jobName(), pool);
        List<TargetGroup> groups = pendingGroups.get(c.jobName());
        if (groups != null) {
          pool.sync(groups);
        }
      } else if (settings.containsKey(c.jobName())) {
        pool.reload(c, settings.get(c.jobName()));
      }
    }
    configs = next;
  }

  /**
   * Hands over discovery's current groups: for each job in the map, its full list of groups (a job
   * missing from the map keeps its targets). Groups for a job with no config yet are kept for when it
   * appears.
   */
  public synchronized void updateTargets(Map<String, List<TargetGroup>> groupsByJob) {
    if (closed) {
      return;
    }
    for (Map.Entry<String, List<TargetGroup>> e : groupsByJob.entrySet()) {
      pendingGroups.put(e.getKey(), List.copyOf(e.getValue()));
      ScrapePool pool = pools.get(e.getKey());
      if (pool != null) {
        pool.sync(e.getValue());
      }
    }
  }

  /** The active targets per job, jobs in config order. */
  public synchronized Map<String, List<Target>> activeTargets() {
    Map<String, List<Target>> out = new LinkedHashMap<>();
    pools.forEach((job, p) -> out.put(job, p.activeTargets()));
    return out;
  }

  /** The targets relabeling dropped, per job ({@code /api/v1/targets?state=dropped}). */
  public synchronized Map<String, List<Target>> droppedTargets() {
    Map<String, List<Target>> out = new LinkedHashMap<>();
    pools.forEach((job, p) -> out.put(job, p.droppedTargets()));
    return out;
  }

  /** Job names with a pool. */
  public synchronized Set<String> scrapePools() {
    return new LinkedHashSet<>(pools.keySet());
  }

  /**
   * Metadata per target ({@code /api/v1/targets/metadata}).
   *
   * @param targetFilter which targets (on their public labels); null for all
   * @param metric only this family, or null/empty for all
   */
  public List<TargetMetadata> targetMetadata(Predicate<Labels> targetFilter, String metric) {
    List<TargetMetadata> out = new ArrayList<>();
    for (List<Target> ts : activeTargets().values()) {
      for (Target t : ts) {
        if (targetFilter != null && !targetFilter.test(t.publicLabels())) {
          continue;
        }
        Map<String, MetricMetadata> md = t.metadata();
        if (metric != null && !metric.isEmpty()) {
          MetricMetadata m = md.get(metric);
          if (m != null) {
            out.add(new TargetMetadata(t, metric, m));
          }
        } else {
          md.forEach((name, m) -> out.add(new TargetMetadata(t, name, m)));
        }
      }
    }
    return out;
  }

  /** Distinct metadata per family over all targets ({@code /api/v1/metadata}); {@code metric} may be null. */
  public Map<String, List<MetricMetadata>> metadata(String metric) {
    Map<String, Set<MetricMetadata>> acc = new TreeMap<>();
    for (TargetMetadata tm : targetMetadata(null, metric)) {
      acc.computeIfAbsent(tm.metric(), k -> new LinkedHashSet<>()).add(tm.metadata());
    }
    Map<String, List<MetricMetadata>> out = new TreeMap<>();
    acc.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
    return out;
  }

  /** Stops every loop without end-of-run stale markers, waits briefly for scrapes in progress, frees threads. */
  @Override
  public void close() {
    List<CompletableFuture<Void>> fs = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (ScrapePool p : pools.values()) {
        fs.add(p.stop(true));
      }
      pools.clear();
    }
    try {
      CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).get(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      LOG.warn("Scrapes still running at shutdown");
    } catch (Exception e) {
      LOG.warn("Stopping scrape loops failed", "err", e);
    }
    workers.shutdown();
    client.close();
  }

  /** Jobs known so far (for tests and the API's scrape pool list). */
  synchronized Set<String> jobs() {
    return new HashSet<>(configs.keySet());
  }
}
