package io.promethium.core.metrics;

import io.promethium.core.metadata.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.DoubleSupplier;

/**
 * The process's own metrics, exposed on {@code /metrics} under Prometheus's names. Modules register what
 * they count here; the server renders it with {@link #writeText(StringBuilder)} in text format 0.0.4.
 * Thread-safe. Registering a name twice returns the existing family when the kind matches (so components
 * may be re-created on reload) and fails otherwise.
 */
public final class MetricsRegistry {
  private final Map<String, MetricFamily> families = new ConcurrentSkipListMap<>();

  /** A counter without labels. */
  public Counter counter(String name, String help) {
    return counterFamily(name, help).labels();
  }

  /** A counter family with labels; {@link MetricFamily#labels(String...)} gives each child. */
  public MetricFamily.Counters counterFamily(String name, String help, String... labelNames) {
    return register(name, new MetricFamily.Counters(name, help, labelNames), MetricFamily.Counters.class);
  }

  /** A settable gauge without labels. */
  public Gauge gauge(String name, String help) {
    return gaugeFamily(name, help).labels();
  }

  public MetricFamily.Gauges gaugeFamily(String name, String help, String... labelNames) {
    return register(name, new MetricFamily.Gauges(name, help, labelNames), MetricFamily.Gauges.class);
  }

  /** A histogram with the given upper bounds (the {@code +Inf} bucket is added). */
  public Histogram histogram(String name, String help, double[] buckets) {
    return histogramFamily(name, help, buckets).labels();
  }

  public MetricFamily.Histograms histogramFamily(String name, String help, double[] buckets, String... labelNames) {
    return register(name, new MetricFamily.Histograms(name, help, buckets, labelNames), MetricFamily.Histograms.class);
  }

  /** A gauge read from {@code supplier} at each exposition (e.g. the head's series count). */
  public void gaugeFunction(String name, String help, DoubleSupplier supplier) {
    families.put(name, new MetricFamily.Function(name, help, MetricType.GAUGE, supplier));
  }

  /** A counter read from {@code supplier} at each exposition. */
  public void counterFunction(String name, String help, DoubleSupplier supplier) {
    families.put(name, new MetricFamily.Function(name, help, MetricType.COUNTER, supplier));
  }

  /** Removes a family (e.g. a component that was closed). */
  public void unregister(String name) {
    families.remove(name);
  }

  private <T extends MetricFamily> T register(String name, T fresh, Class<T> kind) {
    MetricFamily existing = families.putIfAbsent(name, fresh);
    if (existing == null) {
      return fresh;
    }
    if (!kind.isInstance(existing)) {
      throw new IllegalArgumentException("metric " + name + " already registered as another kind");
    }
    return kind.cast(existing);
  }

  /** All families in name order. */
  public List<MetricFamily> families() {
    return new ArrayList<>(families.values());
  }

  /** Renders every family in the Prometheus text format 0.0.4, sorted by name. */
  public void writeText(StringBuilder out) {
    for (MetricFamily f : families.values()) {
      f.writeText(out);
    }
  }
}
