package io.promethium.server.cli;

import io.promethium.core.config.ByteSize;
import io.promethium.core.config.PrometheusDuration;
import io.promethium.core.log.LogFormat;
import io.promethium.core.log.LogLevel;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed server flags: typed getters for what Promethium uses, and {@link #asMap()} with every flag
 * as a string, as {@code /api/v1/status/flags} reports them. Immutable and thread-safe.
 */
public final class Flags {
  /** Prometheus's default retention when neither time nor size is given. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(15);
  private static final Duration MAX_BLOCK_DURATION_CAP = Duration.ofDays(31);

  private final Map<String, String> values;
  private final Set<String> explicit;
  private final List<String> features;

  private final Map<String, String> display;

  Flags(Map<String, String> values, Set<String> explicit, List<String> features) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.explicit = Set.copyOf(explicit);
    this.features = List.copyOf(features);
    this.display = Collections.unmodifiableMap(display());
  }

  /**
   * Every flag (but {@code --help}/{@code --version}) with its value as Prometheus's {@code
   * /api/v1/status/flags} shows it: unset durations {@code 0s}, unset sizes {@code 0B}, the derived {@code
   * storage.tsdb.max-block-duration} and {@code web.route-prefix}.
   */
  public Map<String, String> asMap() {
    return display;
  }

  private Map<String, String> display() {
    Map<String, String> m = new LinkedHashMap<>();
    for (FlagDefinition f : PrometheusFlags.ALL) {
      if (f.name().startsWith("help") || f.name().equals("version")) {
        continue;
      }
      String v = values.get(f.name());
      switch (f.kind()) {
        case DURATION -> v = v.isEmpty() ? "0s" : PrometheusDuration.format(PrometheusDuration.parse(v));
        case BYTES -> v = v.isEmpty() ? "0B" : ByteSize.format(ByteSize.parse(v));
        case FLOAT -> {
          double d = Double.parseDouble(v);
          v = d == Math.rint(d) && Math.abs(d) < 1e18 ? Long.toString((long) d) : Double.toString(d);
        }
        default -> {}
      }
      m.put(f.name(), v);
    }
    m.put("storage.tsdb.max-block-duration", PrometheusDuration.format(maxBlockDuration()));
    m.put("web.route-prefix", effectiveRoutePrefix());
    return m;
  }

  /** The route prefix Prometheus derives: the flag, else the external URL's path, else {@code /}. */
  private String effectiveRoutePrefix() {
    String p = routePrefix();
    if (p == null) {
      String ext = externalUrl();
      p = ext == null ? "" : java.net.URI.create(ext).getRawPath();
    }
    if (p == null || p.isEmpty()) {
      return "/";
    }
    p = p.startsWith("/") ? p : "/" + p;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** The raw value of {@code name} ({@code ""} when unset and without default). */
  public String string(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no such flag --" + name);
    }
    return v;
  }

  /** Whether {@code name} was given on the command line. */
  public boolean isSet(String name) {
    return explicit.contains(name);
  }

  public String configFile() {
    return string("config.file");
  }

  public String storagePath() {
    return string("storage.tsdb.path");
  }

  public String listenAddress() {
    return string("web.listen-address");
  }

  /** The external URL, or null when not set. */
  public String externalUrl() {
    return emptyToNull(string("web.external-url"));
  }

  /** The route prefix, or null when not set (the server derives it from the external URL). */
  public String routePrefix() {
    return emptyToNull(string("web.route-prefix"));
  }

  public boolean enableLifecycle() {
    return bool("web.enable-lifecycle");
  }

  public boolean enableAdminApi() {
    return bool("web.enable-admin-api");
  }

  public boolean enableRemoteWriteReceiver() {
    return bool("web.enable-remote-write-receiver") || features.contains("remote-write-receiver");
  }

  public String corsOrigin() {
    return string("web.cors.origin");
  }

  public Duration readTimeout() {
    return duration("web.read-timeout");
  }

  public int maxConnections() {
    return Integer.parseInt(string("web.max-connections"));
  }

  public Duration lookbackDelta() {
    return duration("query.lookback-delta");
  }

  public Duration queryTimeout() {
    return duration("query.timeout");
  }

  public int queryMaxConcurrency() {
    return Integer.parseInt(string("query.max-concurrency"));
  }

  public long queryMaxSamples() {
    return Long.parseLong(string("query.max-samples"));
  }

  public LogLevel logLevel() {
    return LogLevel.fromFlag(string("log.level"));
  }

  public LogFormat logFormat() {
    return LogFormat.fromFlag(string("log.format"));
  }

  /** {@code --enable-feature} values, comma lists split, in order, without duplicates. */
  public List<String> features() {
    return features;
  }

  /** {@code --storage.tsdb.retention.size} in bytes; 0 when not set. */
  public long retentionSize() {
    String v = string("storage.tsdb.retention.size");
    return v.isEmpty() ? 0 : ByteSize.parse(v);
  }

  /**
   * The time retention as Prometheus derives it: {@code retention.time}, else the deprecated {@code
   * retention}, else 15d unless a size retention is set (then zero: size only); capped at 100y.
   */
  public Duration retention() {
    Duration d = Duration.ZERO;
    String old = string("storage.tsdb.retention");
    if (!old.isEmpty()) {
      d = PrometheusDuration.parse(old);
    }
    String now = string("storage.tsdb.retention.time");
    if (!now.isEmpty() && !PrometheusDuration.parse(now).isZero()) {
      d = PrometheusDuration.parse(now);
    }
    if (d.isZero() && retentionSize() == 0) {
      d = DEFAULT_RETENTION;
    }
    Duration cap = Duration.ofDays(365L * 100);
    return d.compareTo(cap) > 0 ? cap : d;
  }

  public Duration minBlockDuration() {
    return duration("storage.tsdb.min-block-duration");
  }

  /** The max block duration: the flag if set, else 10% of the time retention capped at 31d. */
  public Duration maxBlockDuration() {
    String v = string("storage.tsdb.max-block-duration");
    if (!v.isEmpty() && !PrometheusDuration.parse(v).isZero()) {
      return PrometheusDuration.parse(v);
    }
    Duration r = retention();
    Duration tenth = r.dividedBy(10);
    return !r.isZero() && tenth.compareTo(MAX_BLOCK_DURATION_CAP) < 0 ? tenth : MAX_BLOCK_DURATION_CAP;
  }

  public boolean noLockfile() {
    return bool("storage.tsdb.no-lockfile");
  }

  public boolean walCompression() {
    return bool("storage.tsdb.wal-compression");
  }

  private boolean bool(String name) {
    return Boolean.parseBoolean(string(name));
  }

  private Duration duration(String name) {
    String v = string(name);
    return v.isEmpty() ? Duration.ZERO : PrometheusDuration.parse(v);
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  static List<String> splitFeatures(List<String> raw) {
    Set<String> out = new LinkedHashSet<>();
    for (String r : raw) {
      for (String part : r.split(",")) {
        String p = part.trim();
        if (!p.isEmpty()) {
          out.add(p);
        }
      }
    }
    return List.copyOf(out);
  }
}
