package io.promethium.core.metrics;

import io.promethium.core.labels.Labels;
import io.promethium.core.metadata.MetricType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.DoubleSupplier;

/** A named metric with help text and, for labelled kinds, one child per label-value tuple. Thread-safe. */
public abstract sealed class MetricFamily {
  final String name;
  final String help;
  final MetricType type;

  MetricFamily(String name, String help, MetricType type) {
    this.name = name;
    this.help = help;
    this.type = type;
  }

  public String name() {
    return name;
  }

  public String help() {
    return help;
  }

  public MetricType type() {
    return type;
  }

  final void writeText(StringBuilder out) {
    out.append("# HELP ").append(name).append(' ');
    for (int i = 0; i < help.length(); i++) {
      char c = help.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c == '\n') {
        out.append("\\n");
      } else {
        out.append(c);
      }
    }
    out.append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type == MetricType.UNKNOWN ? "untyped" : type.text())
        .append('\n');
    writeSamples(out);
  }

  abstract void writeSamples(StringBuilder out);

  static void writeSample(StringBuilder out, String name, Labels labels, String extraName, String extraValue,
      double value) {
    out.append(name);
    if (!labels.isEmpty() || extraName != null) {
      out.append('{');
      boolean first = true;
      for (int i = 0; i < labels.size(); i++) {
        if (!first) {
          out.append(',');
        }
        first = false;
        out.append(labels.name(i)).append("=\"");
        appendLabelValue(out, labels.value(i));
        out.append('"');
      }
      if (extraName != null) {
        if (!first) {
          out.append(',');
        }
        out.append(extraName).append("=\"").append(extraValue).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(formatValue(value)).append('\n');
  }

  private static void appendLabelValue(StringBuilder out, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }

  /** Go's strconv.FormatFloat(v, 'g', -1, 64) spelling for the common cases, +Inf/-Inf/NaN as Prometheus. */
  public static String formatValue(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** Children keyed by their label values, created on first use. */
  abstract static sealed class Labelled<C> extends MetricFamily permits Counters, Gauges, Histograms {
    private final String[] labelNames;
    private final Map<List<String>, C> children = new ConcurrentHashMap<>();
    private final Map<Labels, C> sorted = new ConcurrentSkipListMap<>();

    Labelled(String name, String help, MetricType type, String[] labelNames) {
      super(name, help, type);
      this.labelNames = labelNames.clone();
    }

    abstract C newChild();

    /** The child for these label values, in the order the label names were given. */
    public C labels(String... values) {
      if (values.length != labelNames.length) {
        throw new IllegalArgumentException(name + ": expected " + labelNames.length + " label values, got "
            + values.length);
      }
      List<String> key = Arrays.asList(values);
      C child = children.get(key);
      if (child != null) {
        return child;
      }
      return children.computeIfAbsent(List.copyOf(key), k -> {
        C c = newChild();
        Labels.Builder b = Labels.builder();
        for (int i = 0; i < labelNames.length; i++) {
          b.set(labelNames[i], values[i]);
        }
        sorted.put(b.build(), c);
        return c;
      });
    }

    /** Removes the child for these label values (e.g. a target that went away). */
    public void remove(String... values) {
      C c = children.remove(Arrays.asList(values));
      if (c != null) {
        sorted.values().remove(c);
      }
    }

    Map<Labels, C> children() {
      return sorted;
    }
  }

  /** A counter family. */
  public static final class Counters extends Labelled<Counter> {
    Counters(String name, String help, String[] labelNames) {
      super(name, help, MetricType.COUNTER, labelNames);
    }

    @Override
    Counter newChild() {
      return new Counter();
    }

    @Override
    void writeSamples(StringBuilder out) {
      children().forEach((l, c) -> writeSample(out, name, l, null, null, c.get()));
    }
  }

  /** A gauge family. */
  public static final class Gauges extends Labelled<Gauge> {
    Gauges(String name, String help, String[] labelNames) {
      super(name, help, MetricType.GAUGE, labelNames);
    }

    @Override
    Gauge newChild() {
      return new Gauge();
    }

    @Override
    void writeSamples(StringBuilder out) {
      children().forEach((l, g) -> writeSample(out, name, l, null, null, g.get()));
    }
  }

  /** A histogram family. */
  public static final class Histograms extends Labelled<Histogram> {
    private final double[] buckets;

    Histograms(String name, String help, double[] buckets, String[] labelNames) {
      super(name, help, MetricType.HISTOGRAM, labelNames);
      this.buckets = buckets.clone();
      Arrays.sort(this.buckets);
    }

    @Override
    Histogram newChild() {
      return new Histogram(buckets);
    }

    @Override
    void writeSamples(StringBuilder out) {
      children().forEach((l, h) -> {
        long cumulative = 0;
        double[] bounds = h.upperBounds();
        for (int i = 0; i <= bounds.length; i++) {
          cumulative += h.bucketCount(i);
          String le = i == bounds.length ? "+Inf" : formatValue(bounds[i]);
          writeSample(out, name + "_bucket", l, "le", le, cumulative);
        }
        writeSample(out, name + "_sum", l, null, null, h.sum());
        writeSample(out, name + "_count", l, null, null, cumulative);
      });
    }
  }

  /** A single unlabelled value read at exposition time. */
  static final class Function extends MetricFamily {
    private final DoubleSupplier supplier;

    Function(String name, String help, MetricType type, DoubleSupplier supplier) {
      super(name, help, type);
      this.supplier = supplier;
    }

    @Override
    void writeSamples(StringBuilder out) {
      writeSample(out, name, Labels.EMPTY, null, null, supplier.getAsDouble());
    }
  }

}
