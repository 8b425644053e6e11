package io.promethium.promql.compliance;

import io.promethium.core.labels.Labels;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link DemoDataset} as an OpenMetrics file with timestamps, the input of {@code promtool tsdb
 * create-blocks-from openmetrics}: one {@code # TYPE} block per family, each series' samples together and in time
 * order (promtool appends series by series and rejects out-of-order samples), {@code # EOF} at the end.
 *
 * <p>Timestamps are written in seconds with three decimals. promtool reads them back as {@code int64(seconds *
 * 1000)}, which can land one millisecond low; {@link #promtoolMillis} makes the same computation so the in-memory
 * storage holds the same timestamps. Values are written with Java's shortest round-tripping spelling, which
 * Go's {@code strconv.ParseFloat} reads back to the same double. Stateless.
 */
final class OpenMetricsFile {
  private OpenMetricsFile() {}

  static void write(DemoDataset data, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder(256);
      for (DemoDataset.Family f : data.families()) {
        w.write("# TYPE " + f.name() + " " + f.type() + "\n");
        for (DemoDataset.GeneratedSeries s : f.series()) {
          String prefix = seriesText(s.labels());
          for (int i = 0; i < s.t().length; i++) {
            line.setLength(0);
            line.append(prefix).append(' ').append(valueText(s.v()[i])).append(' ').append(seconds(s.t()[i]))
                .append('\n');
            w.append(line);
          }
        }
      }
      w.write("# EOF\n");
    }
  }

  private static String seriesText(Labels labels) {
    StringBuilder b = new StringBuilder(labels.metricName()).append('{');
    boolean first = true;
    for (int i = 0; i < labels.size(); i++) {
      if (labels.name(i).equals(Labels.METRIC_NAME)) {
        continue;
      }
      if (!first) {
        b.append(',');
      }
      first = false;
      // The generated label values hold no quote, backslash or newline: no escaping needed.
      b.append(labels.name(i)).append("=\"").append(labels.value(i)).append('"');
    }
    return b.append('}').toString();
  }

  private static String valueText(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(v);
  }

  /** Milliseconds as seconds with exactly three decimals (for non-negative times). */
  static String seconds(long millis) {
    long s = millis / 1000;
    long ms = millis % 1000;
    return s + "." + (ms < 10 ? "00" : ms < 100 ? "0" : "") + ms;
  }

  /** The millisecond timestamp promtool stores for {@code millis} written by {@link #seconds}. */
  static long promtoolMillis(long millis) {
    return (long) (Double.parseDouble(seconds(millis)) * 1000);
  }
}
