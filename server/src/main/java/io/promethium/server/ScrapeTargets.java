package io.promethium.server;

import io.promethium.http.ActiveTarget;
import io.promethium.http.DroppedTarget;
import io.promethium.http.TargetRetriever;
import io.promethium.scrape.loop.ScrapeManager;
import io.promethium.scrape.target.Target;
import io.promethium.scrape.target.TargetStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/targets} over the scrape manager: snapshots of active and dropped targets. The URL as seen
 * from outside (Prometheus's {@code globalURL}) is left empty: the HTTP API derives it from the scrape URL,
 * the listen address and {@code --web.external-url}. Thread-safe.
 */
final class ScrapeTargets implements TargetRetriever {
  private final ScrapeManager manager;

  ScrapeTargets(ScrapeManager manager) {
    this.manager = manager;
  }

  @Override
  public List<ActiveTarget> activeTargets() {
    List<ActiveTarget> out = new ArrayList<>();
    for (Map.Entry<String, List<Target>> e : manager.activeTargets().entrySet()) {
      for (Target t : e.getValue()) {
        TargetStatus s = t.status();
        URI url = t.scrapeUrl();
        out.add(new ActiveTarget(t.discoveredLabels(), t.publicLabels(), e.getKey(),
            url == null ? "" : url.toString(), "", s.lastError(),
            s.lastScrapeMillis(), s.lastScrapeDurationSeconds(), s.health().text(), t.intervalMillis(),
            t.timeoutMillis(), t::metadata));
      }
    }
    return out;
  }

  @Override
  public List<DroppedTarget> droppedTargets() {
    List<DroppedTarget> out = new ArrayList<>();
    for (Map.Entry<String, List<Target>> e : manager.droppedTargets().entrySet()) {
      for (Target t : e.getValue()) {
        out.add(new DroppedTarget(t.discoveredLabels(), e.getKey()));
      }
    }
    return out;
  }

  /** Every configured job, including those without targets yet. */
  @Override
  public List<String> scrapePools() {
    return new ArrayList<>(new java.util.TreeSet<>(manager.scrapePools()));
  }
}
