package io.promethium.http;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The scrape manager as the API sees it: current active and dropped targets. The server adapts the
 * scrape module to it, as Prometheus's {@code web/api/v1/api.go} declares {@code TargetRetriever}.
 * Must be thread-safe; each call returns a snapshot the caller may keep.
 */
public interface TargetRetriever {
  List<ActiveTarget> activeTargets();

  /** Dropped targets kept for display (Prometheus keeps up to {@code keep_dropped_targets} per pool). */
  List<DroppedTarget> droppedTargets();

  /** Names of all scrape pools (scrape configs), sorted; by default those with an active target. */
  default List<String> scrapePools() {
    TreeSet<String> pools = new TreeSet<>();
    for (ActiveTarget t : activeTargets()) {
      pools.add(t.scrapePool());
    }
    return List.copyOf(pools);
  }

  /**
   * Dropped targets per pool, counting those not kept for display; every pool appears, with 0 when none
   * were dropped. By default counted from {@link #droppedTargets()}.
   */
  default Map<String, Integer> droppedTargetCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    for (String p : scrapePools()) {
      counts.put(p, 0);
    }
    for (DroppedTarget t : droppedTargets()) {
      counts.merge(t.scrapePool(), 1, Integer::sum);
    }
    return counts;
  }
}
