package io.promethium.scrape.loop;

import io.promethium.core.metadata.MetricMetadata;
import io.promethium.core.metadata.MetricType;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Type, help and unit per metric family as one target last exposed them, for {@code /api/v1/metadata} and
 * {@code /api/v1/targets/metadata}. A family's entry is kept for 10 scrapes after it disappeared, as
 * Prometheus does. Thread-safe: written by the scrape, read by the API.
 */
public final class MetadataCache {
  private static final int KEEP_ITERATIONS = 10;

  private static final class Entry {
    MetricType type = MetricType.UNKNOWN;
    String help = "";
    String unit = "";
    long lastIter;
  }

  private final Map<String, Entry> entries = new HashMap<>();
  private long iter;

  synchronized void setType(String family, MetricType type) {
    entry(family).type = type == null ? MetricType.UNKNOWN : type;
  }

  synchronized void setHelp(String family, String help) {
    entry(family).help = help == null ? "" : help;
  }

  synchronized void setUnit(String family, String unit) {
    entry(family).unit = unit == null ? "" : unit;
  }

  private Entry entry(String family) {
    Entry e = entries.get(family);
    if (e == null) {
      e = new Entry();
      entries.put(family, e);
    }
    e.lastIter = iter;
    return e;
  }

  /** Ends a scrape: after a successful one, families unseen for 10 scrapes are forgotten. */
  synchronized void iterDone(boolean flush) {
    if (flush) {
      entries.values().removeIf(e -> iter - e.lastIter > KEEP_ITERATIONS);
    }
    iter++;
  }

  /** The metadata of one family, or null. */
  public synchronized MetricMetadata get(String family) {
    Entry e = entries.get(family);
    return e == null ? null : new MetricMetadata(e.type, e.help, e.unit);
  }

  /** A sorted copy of every family's metadata. */
  public synchronized Map<String, MetricMetadata> list() {
    Map<String, MetricMetadata> out = new TreeMap<>();
    entries.forEach((k, e) -> out.put(k, new MetricMetadata(e.type, e.help, e.unit)));
    return out;
  }

  public synchronized int size() {
    return entries.size();
  }
}
