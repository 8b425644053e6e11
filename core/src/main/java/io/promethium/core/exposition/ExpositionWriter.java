package io.promethium.core.exposition;

import io.promethium.core.labels.Labels;
import io.promethium.core.metadata.MetricType;

/**
 * Writes the Prometheus text format 0.0.4 as Prometheus's {@code /federate} does: {@code # HELP} and
 * {@code # TYPE} lines, then one line per sample {@code name{label="value",...} value [timestamp]}, labels
 * in {@link Labels} order (by name), values formatted as Go's {@code FormatFloat(v, 'g', -1, 64)}.
 *
 * <p>Escaping: label values escape backslash, double quote and newline; HELP text escapes backslash and
 * newline. Metric types without a text-format spelling (gaugehistogram, info, stateset, unknown) are written
 * as {@code untyped}. Stateless and thread-safe; the caller owns the {@link StringBuilder}.
 */
public final class ExpositionWriter {
  /** Pass as the timestamp to write a sample without one. */
  public static final long NO_TIMESTAMP = Long.MIN_VALUE;

  /** The Content-Type of what this class writes. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private ExpositionWriter() {}

  /** {@code # HELP name text\n}. */
  public static void writeHelp(StringBuilder sb, String metricName, String help) {
    sb.append("# HELP ").append(metricName).append(' ');
    for (int i = 0; i < help.length(); i++) {
      char c = help.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    sb.append('\n');
  }

  /** {@code # TYPE name type\n}. */
  public static void writeType(StringBuilder sb, String metricName, MetricType type) {
    String t = switch (type) {
      case COUNTER, GAUGE, HISTOGRAM, SUMMARY -> type.text();
      default -> "untyped";
    };
    sb.append("# TYPE ").append(metricName).append(' ').append(t).append('\n');
  }

  /**
   * One sample line. The metric name is the {@code __name__} label; the other labels go in braces (none
   * when there are no others).
   *
   * @param timestampMillis the timestamp, or {@link #NO_TIMESTAMP}
   */
  public static void writeSample(StringBuilder sb, Labels labels, double value, long timestampMillis) {
    sb.append(labels.metricName());
    boolean open = false;
    for (int i = 0; i < labels.size(); i++) {
      String name = labels.name(i);
      if (name.equals(Labels.METRIC_NAME)) {
        continue;
      }
      sb.append(open ? ',' : '{');
      open = true;
      sb.append(name).append("=\"");
      appendEscapedLabelValue(sb, labels.value(i));
      sb.append('"');
    }
    if (open) {
      sb.append('}');
    }
    sb.append(' ');
    GoFloatFormat.appendG(sb, value);
    if (timestampMillis != NO_TIMESTAMP) {
      sb.append(' ').append(timestampMillis);
    }
    sb.append('\n');
  }

  /** A label value with backslash, double quote and newline escaped. */
  public static void appendEscapedLabelValue(StringBuilder sb, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }
}
