package io.promethium.benchmarks.exposition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Scrape bodies for the parser benchmarks: generated node-exporter-like text, and Prometheus's test data. */
final class ExpositionBodies {
  /** Samples in each generated body. */
  static final int GENERATED_SAMPLES = 10_000;
  /** Samples in {@code promtestdata.txt}. */
  static final int PROMTESTDATA_SAMPLES = 410;

  private ExpositionBodies() {}

  /**
   * A node-exporter-like body of {@link #GENERATED_SAMPLES} samples: counter and gauge families with
   * HELP/TYPE, 1–3 labels per sample, values of realistic shapes (integers, fractions, exponents).
   */
  static byte[] nodeExporterLike(boolean openMetrics) {
    StringBuilder sb = new StringBuilder(GENERATED_SAMPLES * 80);
    String[] modes = {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"};
    String[] devices = {"sda", "sdb", "nvme0n1", "dm-0", "loop0"};
    int samples = 0;
    int family = 0;
    while (samples < GENERATED_SAMPLES) {
      boolean counter = family % 2 == 0;
      String name = "node_subsystem" + family + (counter ? "_seconds" : "_bytes");
      sb.append("# HELP ").append(name).append(" Seconds or bytes the subsystem ").append(family)
          .append(" reported.\n");
      sb.append("# TYPE ").append(name).append(counter ? " counter\n" : " gauge\n");
      String series = counter ? name + "_total" : name;
      for (int i = 0; i < 100 && samples < GENERATED_SAMPLES; i++, samples++) {
        sb.append(series).append("{cpu=\"").append(i % 16).append('"');
        if (i % 3 != 0) {
          sb.append(",mode=\"").append(modes[i % modes.length]).append('"');
        }
        if (i % 5 == 0) {
          sb.append(",device=\"").append(devices[i % devices.length]).append('"');
        }
        sb.append("} ");
        switch (i % 4) {
          case 0 -> sb.append(i * 1000 + family);
          case 1 -> sb.append(String.format(Locale.ROOT, "%.2f", i * 3.17 + family));
          case 2 -> sb.append(String.format(Locale.ROOT, "%.6e", i * 1.5e7 + family));
          default -> sb.append("0.000").append(i + 1);
        }
        sb.append('\n');
      }
      family++;
    }
    if (openMetrics) {
      sb.append("# EOF\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code promtestdata.txt} from the shared test data (property {@code promethium.testdata} or nearby). */
  static byte[] promtestdata() {
    String prop = System.getProperty("promethium.testdata");
    Path[] candidates = {
      prop == null ? null : Path.of(prop), Path.of("../shared/testdata"), Path.of("../../shared/testdata"),
      Path.of("shared/testdata")
    };
    for (Path base : candidates) {
      if (base != null && Files.isRegularFile(base.resolve("exposition/promtestdata.txt"))) {
        try {
          return Files.readAllBytes(base.resolve("exposition/promtestdata.txt"));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException("promtestdata.txt not found: run from the repository root or pass"
        + " -Dpromethium.testdata=<shared/testdata> (with -jvmArgsAppend)");
  }
}
