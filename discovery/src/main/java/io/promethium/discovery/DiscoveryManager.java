package io.promethium.discovery;

import io.promethium.core.discovery.TargetGroup;
import io.promethium.core.metrics.Counter;
import io.promethium.core.metrics.MetricFamily;
import io.promethium.core.metrics.MetricsRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the {@link Discoverer}s of every scrape job (or Alertmanager set) and hands the listener a snapshot
 * of all groups per job, as Prometheus's {@code discovery.Manager}: updates from discoverers are merged by
 * group source and delivered at most once per update interval (Prometheus: 5s), so a burst of changes
 * becomes one snapshot.
 *
 * <p>{@link #applyConfig} replaces the set of jobs; a {@link Discoverer} instance passed again keeps
 * running with its groups (the server may reuse instances whose configuration did not change), others are
 * closed. Groups without targets stay in the snapshot so the consumer drops their targets. Self-metrics
 * (label {@code name} is the manager's name, e.g. {@code scrape}): {@code prometheus_sd_received_updates_total},
 * {@code prometheus_sd_updates_total}, {@code prometheus_sd_discovered_targets{config,name}}. Thread-safe;
 * the listener is called from one thread at a time and owns the maps and lists it receives.
 */
public final class DiscoveryManager implements AutoCloseable {
  /** Prometheus's minimum time between two snapshots. */
  public static final Duration DEFAULT_UPDATE_INTERVAL = Duration.ofSeconds(5);
  private static final Logger LOG = Logger.getLogger(DiscoveryManager.class.getName());

  private final String name;
  private final Consumer<Map<String, List<TargetGroup>>> listener;
  private final ScheduledExecutorService sender;
  private final Counter receivedUpdates;
  private final Counter sentUpdates;
  private final MetricFamily.Gauges discoveredTargets;

  /** Job name to its providers, in configuration order. Guarded by this. */
  private Map<String, List<Provider>> jobs = new LinkedHashMap<>();
  private boolean dirty;
  private boolean closed;

  /** One running discoverer and the latest group per source it sent. */
  private static final class Provider {
    final Discoverer discoverer;
    final Map<String, TargetGroup> groups = new LinkedHashMap<>();
    boolean active = true;

    Provider(Discoverer discoverer) {
      this.discoverer = discoverer;
    }
  }

  /**
   * @param name what this manager discovers for ({@code scrape} or {@code notify}), a metric label
   * @param listener receives each snapshot: job name to all its groups
   * @param updateInterval minimum time between snapshots; {@code null} for 5s
   * @param metrics where to register self-metrics; {@code null} for a private registry
   */
  public DiscoveryManager(String name, Consumer<Map<String, List<TargetGroup>>> listener, Duration updateInterval,
      MetricsRegistry metrics) {
    this.name = name;
    this.listener = listener;
    MetricsRegistry m = metrics == null ? new MetricsRegistry() : metrics;
    this.receivedUpdates = m.counterFamily("prometheus_sd_received_updates_total",
        "Total number of update events received from the SD providers.", "name").labels(name);
    this.sentUpdates = m.counterFamily("prometheus_sd_updates_total",
        "Total number of update events sent to the SD consumers.", "name").labels(name);
    this.discoveredTargets = m.gaugeFamily("prometheus_sd_discovered_targets",
        "Current number of discovered targets.", "config", "name");
    Duration every = updateInterval == null ? DEFAULT_UPDATE_INTERVAL : updateInterval;
    this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "discovery-" + name);
      t.setDaemon(true);
      return t;
    });
    sender.scheduleWithFixedDelay(this::sendIfChanged, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Replaces the jobs: starts new discoverers, keeps those passed again (same instance), closes the rest.
   * The next snapshot reflects the new set of jobs, including jobs that have no groups yet.
   */
  public void applyConfig(Map<String, List<Discoverer>> discoverersByJob) {
    List<Provider> toStart = new ArrayList<>();
    List<Provider> toClose = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("discovery manager closed");
      }
      Map<Discoverer, Provider> old = new IdentityHashMap<>();
      for (List<Provider> ps : jobs.values()) {
        for (Provider p : ps) {
          old.put(p.discoverer, p);
        }
      }
      Map<String, List<Provider>> next = new LinkedHashMap<>();
      Map<Discoverer, Provider> kept = new IdentityHashMap<>();
      for (Map.Entry<String, List<Discoverer>> e : discoverersByJob.entrySet()) {
        List<Provider> ps = new ArrayList<>();
        for (Discoverer d : e.getValue()) {
          Provider p = kept.get(d);
          if (p == null) {
            p = old.get(d);
            if (p == null) {
              p = new Provider(d);
              toStart.add(p);
            }
            kept.put(d, p);
          }
          ps.add(p);
        }
        next.put(e.getKey(), ps);
      }
      for (Provider p : old.values()) {
        if (!kept.containsKey(p.discoverer)) {
          p.active = false;
          toClose.add(p);
        }
      }
      for (String job : jobs.keySet()) {
        if (!next.containsKey(job)) {
          discoveredTargets.remove(job, name);
        }
      }
      jobs = next;
      dirty = true;
    }
    for (Provider p : toClose) {
      closeQuietly(p.discoverer);
    }
    for (Provider p : toStart) {
      try {
        p.discoverer.start(groups -> receive(p, groups));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "discovery: cannot start " + p.discoverer + ": " + e.getMessage());
      }
    }
  }

  private synchronized void receive(Provider p, List<TargetGroup> groups) {
    if (!p.active || closed) {
      return;
    }
    receivedUpdates.inc();
    for (TargetGroup g : groups) {
      if (g != null) {
        p.groups.put(g.source(), g);
      }
    }
    dirty = true;
  }

  /** The current groups of every job, without waiting for the next snapshot. */
  public synchronized Map<String, List<TargetGroup>> snapshot() {
    Map<String, List<TargetGroup>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Provider>> e : jobs.entrySet()) {
      List<TargetGroup> all = new ArrayList<>();
      for (Provider p : e.getValue()) {
        all.addAll(p.groups.values());
      }
      out.put(e.getKey(), all);
    }
    return out;
  }

  /** Delivers a snapshot now if anything changed since the last one (what each tick of the timer does). */
  void sendIfChanged() {
    Map<String, List<TargetGroup>> snap;
    synchronized (this) {
      if (!dirty || closed) {
        return;
      }
      dirty = false;
      snap = snapshot();
      for (Map.Entry<String, List<TargetGroup>> e : snap.entrySet()) {
        int n = 0;
        for (TargetGroup g : e.getValue()) {
          n += g.targets().size();
        }
        discoveredTargets.labels(e.getKey(), name).set(n);
      }
    }
    try {
      listener.accept(snap);
      sentUpdates.inc();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "discovery: listener failed: " + e);
    }
  }

  @Override
  public void close() {
    List<Provider> all = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (List<Provider> ps : jobs.values()) {
        for (Provider p : ps) {
          if (p.active) {
            p.active = false;
            all.add(p);
          }
        }
      }
    }
    sender.shutdownNow();
    for (Provider p : all) {
      closeQuietly(p.discoverer);
    }
  }

  private static void closeQuietly(Discoverer d) {
    try {
      d.close();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "discovery: closing " + d + ": " + e.getMessage());
    }
  }
}
