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
import java.util.function.IntSupplier;

/**
 * {@code /api/v1/targets} over the scrape manager: snapshots of active and dropped targets, with each
 * target's URL as seen from outside (Prometheus's {@code globalURL}). Thread-safe.
 */
final class ScrapeTargets implements TargetRetriever {
  private final ScrapeManager manager;
  private final IntSupplier listenPort;
  private final String externalScheme;
  private final String externalHost;

  /**
   * @param externalUrl {@code --web.external-url}, or null to use {@code http://<hostname>:<port>}
   */
  ScrapeTargets(ScrapeManager manager, IntSupplier listenPort, String externalUrl) {
    this.manager = manager;
    this.listenPort = listenPort;
    URI ext = externalUrl == null ? null : URI.create(externalUrl);
    this.externalScheme = ext == null || ext.getScheme() == null ? "http" : ext.getScheme();
    this.externalHost = ext == null ? null : ext.getRawAuthority();
  }

  @Override
  public List<ActiveTarget> activeTargets() {
    String port = Integer.toString(listenPort.getAsInt());
    String host = externalHost != null ? externalHost : hostName() + ":" + port;
    List<ActiveTarget> out = new ArrayList<>();
    for (Map.Entry<String, List<Target>> e : manager.activeTargets().entrySet()) {
      for (Target t : e.getValue()) {
        TargetStatus s = t.status();
        URI url = t.scrapeUrl();
        URI global = t.globalUrl(port, externalScheme, host);
        out.add(new ActiveTarget(t.discoveredLabels(), t.publicLabels(), e.getKey(),
            url == null ? "" : url.toString(), global == null ? "" : global.toString(), s.lastError(),
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

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }
}
