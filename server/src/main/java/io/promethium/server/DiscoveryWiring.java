package io.promethium.server;

import io.promethium.core.config.FileSdConfig;
import io.promethium.core.config.KubernetesSdConfig;
import io.promethium.core.config.ScrapeConfig;
import io.promethium.core.config.StaticConfig;
import io.promethium.core.discovery.TargetGroup;
import io.promethium.core.log.Logger;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.discovery.Discoverer;
import io.promethium.discovery.StaticDiscovery;
import io.promethium.discovery.file.FileDiscovery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns each job's service-discovery configs into {@link Discoverer}s for the discovery manager, keeping
 * the running instances of jobs whose discovery settings did not change across a reload (so their
 * targets are not rediscovered). Not thread-safe; used under the server's lock.
 */
final class DiscoveryWiring {
  private static final Logger LOG = Logger.get("discovery");

  /** The discovery-relevant part of a job, compared across reloads. */
  private record Key(List<StaticConfig> statics, List<FileSdConfig> files, List<KubernetesSdConfig> k8s) {}

  private final MetricsRegistry registry;
  private Map<String, Key> keys = Map.of();
  private Map<String, List<Discoverer>> current = Map.of();

  DiscoveryWiring(MetricsRegistry registry) {
    this.registry = registry;
  }

  /** Discoverers per job for {@code jobs}, reusing unchanged ones. */
  Map<String, List<Discoverer>> discoverers(List<ScrapeConfig> jobs) {
    Map<String, Key> nextKeys = new HashMap<>();
    Map<String, List<Discoverer>> next = new LinkedHashMap<>();
    for (ScrapeConfig sc : jobs) {
      Key k = new Key(sc.staticConfigs(), sc.fileSdConfigs(), sc.kubernetesSdConfigs());
      nextKeys.put(sc.jobName(), k);
      List<Discoverer> running = current.get(sc.jobName());
      if (running != null && k.equals(keys.get(sc.jobName()))) {
        next.put(sc.jobName(), running);
        continue;
      }
      next.put(sc.jobName(), create(sc));
    }
    keys = nextKeys;
    current = next;
    return next;
  }

  private List<Discoverer> create(ScrapeConfig sc) {
    List<Discoverer> out = new ArrayList<>();
    if (!sc.staticConfigs().isEmpty()) {
      List<TargetGroup> groups = new ArrayList<>();
      for (int i = 0; i < sc.staticConfigs().size(); i++) {
        StaticConfig s = sc.staticConfigs().get(i);
        groups.add(StaticDiscovery.group(i, s.targets(), s.labels()));
      }
      out.add(new StaticDiscovery(groups));
    }
    for (FileSdConfig f : sc.fileSdConfigs()) {
      out.add(new FileDiscovery(f.files(), f.refreshInterval(), registry));
    }
    if (!sc.kubernetesSdConfigs().isEmpty()) {
      // The discovery module has no Kubernetes discoverer yet; say so rather than silently finding nothing.
      LOG.error("kubernetes_sd_configs is not available in this build; the job will have no targets",
          "job", sc.jobName());
    }
    return out;
  }
}
