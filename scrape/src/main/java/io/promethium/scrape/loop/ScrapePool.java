package io.promethium.scrape.loop;

import io.promethium.core.config.HttpClientConfig;
import io.promethium.core.config.ScrapeConfig;
import io.promethium.core.discovery.TargetGroup;
import io.promethium.core.log.Logger;
import io.promethium.core.storage.Appendable;
import io.promethium.scrape.client.ClientSettings;
import io.promethium.scrape.client.ScrapeClient;
import io.promethium.scrape.target.Target;
import io.promethium.scrape.target.TargetLabels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The targets of one job and their loops (Prometheus's {@code scrapePool}). {@link #sync} turns discovered
 * groups into targets and starts, keeps or stops loops by target identity; {@link #reload} swaps the
 * configuration, replacing loops (handing their scrape caches over when only timing, limits or HTTP
 * settings changed) without a gap or a duplicate scrape.
 *
 * <p>Not thread-safe: the {@link ScrapeManager} serialises calls; the target lists it hands out are copies.
 */
final class ScrapePool {
  private static final Logger LOG = Logger.get("scrape manager");

  private final ScrapeClient client;
  private final Appendable appendable;
  private final Executor workers;
  private final ScrapeMetrics metrics;
  private final long offsetSeed;
  private ScrapeConfig config;
  private ClientSettings clientSettings;
  private LoopSettings loopSettings;
  private final Map<Long, ScrapeLoop> loops = new LinkedHashMap<>();
  private List<Target> dropped = List.of();
  private List<TargetGroup> lastGroups = List.of();

  ScrapePool(ScrapeConfig config, ClientSettings clientSettings, ScrapeClient client, Appendable appendable,
      Executor workers, ScrapeMetrics metrics, long offsetSeed) {
    this.config = config;
    this.clientSettings = clientSettings;
    this.loopSettings = LoopSettings.of(config);
    this.client = client;
    this.appendable = appendable;
    this.workers = workers;
    this.metrics = metrics;
    this.offsetSeed = offsetSeed;
    metrics.poolTargetLimit.labels(config.jobName()).set(config.targetLimit());
  }

  ScrapeConfig config() {
    return config;
  }

  /** Replaces the job's discovered groups (the full list for this job). */
  void sync(List<TargetGroup> groups) {
    long start = System.nanoTime();
    lastGroups = List.copyOf(groups);
    List<Target> all = new ArrayList<>();
    List<Target> droppedNow = new ArrayList<>();
    for (TargetGroup g : groups) {
      TargetLabels.GroupTargets gt = TargetLabels.fromGroup(g, config);
      for (String f : gt.failures()) {
        LOG.error("Creating target failed", "scrape_pool", config.jobName(), "err", f);
      }
      if (!gt.failures().isEmpty()) {
        metrics.syncFailed.labels(config.jobName()).add(gt.failures().size());
      }
      for (Target t : gt.targets()) {
        if (t.labels().isEmpty()) {
          droppedNow.add(t);
        } else {
          all.add(t);
        }
      }
    }
    dropped = List.copyOf(droppedNow);
    syncTargets(all);
    metrics.syncLength.labels(config.jobName()).observe((System.nanoTime() - start) / 1e9);
    metrics.poolSyncs.labels(config.jobName()).inc();
  }

  private void syncTargets(List<Target> targets) {
    Map<Long, Target> unique = new HashMap<>();
    for (Target t : targets) {
      ScrapeLoop existing = loops.get(t.hash());
      if (existing != null) {
        existing.target().setDiscoveredLabels(t.discoveredLabels());
        unique.put(t.hash(), existing.target());
      } else if (!unique.containsKey(t.hash())) {
        ScrapeLoop loop = newLoop(t, new SeriesCache(), new MetadataCache());
        loops.put(t.hash(), loop);
        unique.put(t.hash(), t);
        loop.start(0);
      }
    }
    loops.entrySet().removeIf(e -> {
      if (!unique.containsKey(e.getKey())) {
        e.getValue().stop(false);
        return true;
      }
      return false;
    });
    metrics.poolTargets.labels(config.jobName()).set(loops.size());
    applyTargetLimit();
  }

  private void applyTargetLimit() {
    String err = null;
    if (config.targetLimit() > 0 && loops.size() > config.targetLimit()) {
      metrics.exceededTargetLimit.inc();
      err = "target_limit exceeded (number of targets: " + loops.size() + ", limit: " + config.targetLimit() + ")";
    }
    for (ScrapeLoop l : loops.values()) {
      l.setForcedError(err);
    }
  }

  private ScrapeLoop newLoop(Target t, SeriesCache cache, MetadataCache meta) {
    return new ScrapeLoop(t, client.newTarget(t.scrapeUrl(), clientSettings), appendable, workers, metrics, cache,
        meta, loopSettings, offsetSeed);
  }

  /**
   * Applies a changed configuration: every loop is replaced by one with the new settings, starting at its
   * next slot after the old loop's last, once the old loop's scrape in progress is appended. Then the last
   * discovered groups are synced again under the new relabeling.
   */
  void reload(ScrapeConfig cfg, ClientSettings settings) {
    long start = System.nanoTime();
    metrics.poolReloads.inc();
    boolean reuseCache = reusableCache(config, cfg);
    this.config = cfg;
    this.clientSettings = settings;
    this.loopSettings = LoopSettings.of(cfg);
    metrics.poolTargetLimit.labels(cfg.jobName()).set(cfg.targetLimit());
    // Targets recomputed under the new config; those whose identity is unchanged get a new loop here.
    Map<Long, ScrapeLoop> replaced = new LinkedHashMap<>();
    for (Map.Entry<Long, ScrapeLoop> e : loops.entrySet()) {
      ScrapeLoop old = e.getValue();
      SeriesCache cache;
      MetadataCache meta;
      if (reuseCache) {
        old.disableEndOfRunStaleness();
        cache = old.cache();
        meta = old.metadata();
      } else {
        cache = new SeriesCache();
        meta = new MetadataCache();
      }
      // The target object (and its health) carries over; only the loop is new.
      ScrapeLoop next = newLoop(old.target(), cache, meta);
      replaced.put(e.getKey(), next);
      CompletableFuture<Void> done = old.stop(false);
      done.thenRun(() -> next.start(old.lastSlot()));
    }
    loops.clear();
    loops.putAll(replaced);
    sync(lastGroups);
    metrics.reloadLength.labels(GoDuration.format(cfg.scrapeInterval().toMillis()))
        .observe((System.nanoTime() - start) / 1e9);
  }

  /** Whether two configs differ only in what does not change stored series (Prometheus's reusableCache). */
  static boolean reusableCache(ScrapeConfig a, ScrapeConfig b) {
    return zero(a).equals(zero(b));
  }

  private static ScrapeConfig zero(ScrapeConfig c) {
    return new ScrapeConfig(c.jobName(), Duration.ZERO, Duration.ZERO, c.metricsPath(), c.scheme(), c.params(),
        c.honorLabels(), c.honorTimestamps(), 0, c.labelLimit(), c.labelNameLengthLimit(),
        c.labelValueLengthLimit(), c.targetLimit(), c.bodySizeLimitBytes(), HttpClientConfig.DEFAULT,
        c.staticConfigs(), c.fileSdConfigs(), c.kubernetesSdConfigs(), c.relabelConfigs(),
        c.metricRelabelConfigs());
  }

  List<Target> activeTargets() {
    List<Target> out = new ArrayList<>(loops.size());
    for (ScrapeLoop l : loops.values()) {
      out.add(l.target());
    }
    return out;
  }

  List<Target> droppedTargets() {
    return dropped;
  }

  /** Stops every loop; the future completes when their scrapes in progress are appended. */
  CompletableFuture<Void> stop(boolean shutdown) {
    List<CompletableFuture<Void>> fs = new ArrayList<>();
    for (ScrapeLoop l : loops.values()) {
      fs.add(l.stop(shutdown));
    }
    loops.clear();
    metrics.poolTargets.remove(config.jobName());
    metrics.poolTargetLimit.remove(config.jobName());
    return CompletableFuture.allOf(fs.toArray(new CompletableFuture[0]));
  }
}
