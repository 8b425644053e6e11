package io.promethium.scrape.target;

import io.promethium.core.labels.Labels;
import io.promethium.core.metadata.MetricMetadata;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One scrape target: its final labels (including the {@code __address__}, {@code __scheme__}, ... labels
 * that shape its URL), the labels discovery gave it, its URL, interval and timeout, and the outcome of its
 * last scrape. A dropped target (relabeling removed it) has empty labels and only discovered labels.
 *
 * <p>Thread-safe: identity fields are final; the status is swapped as one immutable snapshot; discovered
 * labels may be replaced when discovery re-sends an unchanged target.
 */
public final class Target {
  /** Host names Prometheus treats as "this machine" when building the global URL. */

  private final String scrapePool;
  private final Labels labels;
  private final Labels publicLabels;
  private final URI url;
  private final long intervalMillis;
  private final long timeoutMillis;
  private final long hash;
  private volatile Labels discoveredLabels;
  private volatile TargetStatus status = TargetStatus.INITIAL;
  private volatile Supplier<Map<String, MetricMetadata>> metadata;

  public Target(String scrapePool, Labels labels, Labels discoveredLabels, URI url, long intervalMillis,
      long timeoutMillis) {
    this.scrapePool = scrapePool;
    this.labels = labels;
    Labels.Builder b = Labels.builder();
    labels.forEach((n, v) -> {
      if (!n.startsWith("__")) {
        b.set(n, v);
      }
    });
    this.publicLabels = b.build();
    this.discoveredLabels = discoveredLabels;
    this.url = url;
    this.intervalMillis = intervalMillis;
    this.timeoutMillis = timeoutMillis;
    this.hash = identityHash(labels, url);
  }

  /** A target that relabeling dropped: only its discovered labels are known. */
  public static Target dropped(String scrapePool, Labels discoveredLabels) {
    return new Target(scrapePool, Labels.EMPTY, discoveredLabels, null, 0, 0);
  }

  /**
   * The identity of a target within its pool: FNV-1a over its labels and URL (Prometheus hashes the same
   * two things, with xxhash for the labels; the value differs but plays the same role — equal targets
   * keep their loop across discovery updates and reloads, and the hash spreads scrape offsets).
   */
  static long identityHash(Labels labels, URI url) {
    long h = 0xcbf29ce484222325L;
    byte[] a = labels.toString().getBytes(StandardCharsets.UTF_8);
    for (byte b : a) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    byte[] u = String.valueOf(url).getBytes(StandardCharsets.UTF_8);
    for (byte b : u) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  public long hash() {
    return hash;
  }

  public String scrapePool() {
    return scrapePool;
  }

  /** All labels after relabeling, including {@code __}-prefixed ones ({@code __address__}, ...). */
  public Labels labels() {
    return labels;
  }

  /** The labels added to every sample: {@link #labels()} without {@code __}-prefixed names. */
  public Labels publicLabels() {
    return publicLabels;
  }

  /** The labels discovery gave, with the job defaults, before relabeling. */
  public Labels discoveredLabels() {
    return discoveredLabels;
  }

  public void setDiscoveredLabels(Labels l) {
    discoveredLabels = l;
  }

  /** The scrape URL; null for a dropped target. */
  public URI scrapeUrl() {
    return url;
  }

  public long intervalMillis() {
    return intervalMillis;
  }

  public long timeoutMillis() {
    return timeoutMillis;
  }

  public TargetStatus status() {
    return status;
  }

  /** Records the outcome of a scrape. */
  public void report(long scrapeTimeMillis, double durationSeconds, String error) {
    status = new TargetStatus(error == null ? TargetHealth.UP : TargetHealth.DOWN, error == null ? "" : error,
        scrapeTimeMillis, durationSeconds);
  }

  /** The metadata this target exposed, by metric family; empty before the first scrape. */
  public Map<String, MetricMetadata> metadata() {
    Supplier<Map<String, MetricMetadata>> m = metadata;
    return m == null ? Map.of() : m.get();
  }

  /** Points the metadata view at the running loop's cache. */
  public void setMetadataSource(Supplier<Map<String, MetricMetadata>> source) {
    metadata = source;
  }

  @Override
  public String toString() {
    return url != null ? url.toString() : discoveredLabels.toString();
  }
}
