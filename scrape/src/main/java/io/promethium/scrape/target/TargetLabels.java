package io.promethium.scrape.target;

import io.promethium.core.config.PrometheusDuration;
import io.promethium.core.config.ScrapeConfig;
import io.promethium.core.discovery.TargetGroup;
import io.promethium.core.labels.Labels;
import io.promethium.core.relabel.Relabeler;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns discovered target labels into scrape targets as Prometheus's {@code PopulateLabels} and
 * {@code TargetsFromGroup} do: job defaults ({@code job}, {@code __scrape_interval__}, {@code
 * __scrape_timeout__}, {@code __metrics_path__}, {@code __scheme__}, {@code __param_*}) fill what discovery
 * left unset, {@code relabel_configs} run, the address gets the scheme's default port, {@code __meta_*}
 * labels go, {@code instance} defaults to {@code __address__}. Stateless.
 */
public final class TargetLabels {
  public static final String ADDRESS = "__address__";
  public static final String SCHEME = "__scheme__";
  public static final String METRICS_PATH = "__metrics_path__";
  public static final String SCRAPE_INTERVAL = "__scrape_interval__";
  public static final String SCRAPE_TIMEOUT = "__scrape_timeout__";
  public static final String PARAM_PREFIX = "__param_";
  public static final String META_PREFIX = "__meta_";
  public static final String JOB = "job";
  public static final String INSTANCE = "instance";

  private TargetLabels() {}

  /** The targets of one group plus the reasons some could not be built. */
  public record GroupTargets(List<Target> targets, List<String> failures) {}

  /** Builds the targets of a group; dropped targets are returned with empty labels. */
  public static GroupTargets fromGroup(TargetGroup group, ScrapeConfig cfg) {
    List<Target> out = new ArrayList<>(group.targets().size());
    List<String> failures = new ArrayList<>();
    Labels common = group.labels() == null ? Labels.EMPTY : group.labels();
    for (int i = 0; i < group.targets().size(); i++) {
      Labels own = group.targets().get(i);
      Labels.Builder b = common.toBuilder();
      own.forEach(b::set);
      try {
        out.add(populate(b.build(), cfg));
      } catch (IllegalArgumentException e) {
        failures.add("instance " + i + " in group " + group.source() + ": " + e.getMessage());
      }
    }
    return new GroupTargets(out, failures);
  }

  /**
   * One target from its discovered labels (group labels already merged in).
   *
   * @return the target, or a {@link Target#dropped dropped} one when relabeling removed it
   * @throws IllegalArgumentException with Prometheus's text when the labels make no valid target
   */
  public static Target populate(Labels discovered, ScrapeConfig cfg) {
    Labels.Builder b = discovered.toBuilder();
    setIfAbsent(b, discovered, JOB, cfg.jobName());
    setIfAbsent(b, discovered, SCRAPE_INTERVAL, PrometheusDuration.format(cfg.scrapeInterval()));
    setIfAbsent(b, discovered, SCRAPE_TIMEOUT, PrometheusDuration.format(cfg.scrapeTimeout()));
    setIfAbsent(b, discovered, METRICS_PATH, cfg.metricsPath());
    setIfAbsent(b, discovered, SCHEME, cfg.scheme());
    for (Map.Entry<String, List<String>> p : cfg.params().entrySet()) {
      if (!p.getValue().isEmpty()) {
        b.set(PARAM_PREFIX + p.getKey(), p.getValue().get(0));
      }
    }
    Labels preRelabel = b.build();
    Labels lset = Relabeler.process(preRelabel, cfg.relabelConfigs());
    if (lset == null || lset.isEmpty()) {
      return Target.dropped(cfg.jobName(), preRelabel);
    }
    String addr = lset.get(ADDRESS);
    if (addr.isEmpty()) {
      throw new IllegalArgumentException("no address");
    }
    Labels.Builder out = lset.toBuilder();
    String scheme = lset.get(SCHEME);
    if (needsPort(addr)) {
      switch (scheme) {
        case "http", "" -> addr = addr + ":80";
        case "https" -> addr = addr + ":443";
        default -> throw new IllegalArgumentException("invalid scheme: \"" + cfg.scheme() + "\"");
      }
      out.set(ADDRESS, addr);
    }
    if (addr.contains("/")) {
      throw new IllegalArgumentException("\"" + addr + "\" is not a valid hostname");
    }
    String interval = lset.get(SCRAPE_INTERVAL);
    long intervalMs;
    try {
      intervalMs = PrometheusDuration.parseMillis(interval);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("error parsing scrape interval: " + e.getMessage());
    }
    if (intervalMs == 0) {
      throw new IllegalArgumentException("scrape interval cannot be 0");
    }
    String timeout = lset.get(SCRAPE_TIMEOUT);
    long timeoutMs;
    try {
      timeoutMs = PrometheusDuration.parseMillis(timeout);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("error parsing scrape timeout: " + e.getMessage());
    }
    if (timeoutMs == 0) {
      throw new IllegalArgumentException("scrape timeout cannot be 0");
    }
    if (timeoutMs > intervalMs) {
      throw new IllegalArgumentException("scrape timeout cannot be greater than scrape interval (\"" + timeout
          + "\" > \"" + interval + "\")");
    }
    lset.forEach((n, v) -> {
      if (n.startsWith(META_PREFIX)) {
        out.delete(n);
      }
    });
    if (lset.get(INSTANCE).isEmpty()) {
      out.set(INSTANCE, addr);
    }
    Labels result = out.build();
    URI url = url(result, cfg.params());
    return new Target(cfg.jobName(), result, preRelabel, url, intervalMs, timeoutMs);
  }

  private static void setIfAbsent(Labels.Builder b, Labels l, String name, String value) {
    if (l.get(name).isEmpty()) {
      b.set(name, value);
    }
  }

  /** Like Go's {@code net.SplitHostPort} failing on {@code addr} but not on {@code addr + ":1234"}. */
  static boolean needsPort(String addr) {
    if (addr.startsWith("[")) {
      return addr.endsWith("]");
    }
    return addr.indexOf(':') < 0;
  }

  /**
   * The scrape URL from {@code __scheme__}, {@code __address__}, {@code __metrics_path__}, the job's
   * params and {@code __param_*} labels (a label replaces the first value of its parameter). The query is
   * encoded like Go's {@code url.Values.Encode}: keys sorted, space as {@code +}.
   */
  public static URI url(Labels labels, Map<String, List<String>> params) {
    Map<String, List<String>> q = new TreeMap<>();
    params.forEach((k, v) -> q.put(k, new ArrayList<>(v)));
    labels.forEach((n, v) -> {
      if (n.startsWith(PARAM_PREFIX)) {
        String k = n.substring(PARAM_PREFIX.length());
        List<String> vs = q.computeIfAbsent(k, x -> new ArrayList<>());
        if (vs.isEmpty()) {
          vs.add(v);
        } else {
          vs.set(0, v);
        }
      }
    });
    StringBuilder query = new StringBuilder();
    q.forEach((k, vs) -> {
      for (String v : vs) {
        if (query.length() > 0) {
          query.append('&');
        }
        query.append(queryEscape(k)).append('=').append(queryEscape(v));
      }
    });
    String path = labels.get(METRICS_PATH);
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    String s = labels.get(SCHEME) + "://" + labels.get(ADDRESS) + path + (query.length() > 0 ? "?" + query : "");
    try {
      return URI.create(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid target URL " + s + ": " + e.getMessage());
    }
  }

  /** Go's {@code url.QueryEscape}: like {@link URLEncoder} but {@code ~} stays and {@code *} is escaped. */
  static String queryEscape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
  }
}
