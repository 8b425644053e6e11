package io.promethium.promql.promqltest;

import io.promethium.core.labels.Labels;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Synthetic data shaped like the PromLabs demo service the compliance queries were written for: three
 * instances of job "demo" scraped every 5s (with jitter), gauges, counters with a restart (reset), a classic
 * histogram, a batch-job timestamp and a metric with gaps longer than the lookback. Deterministic for a
 * given seed. Written as OpenMetrics with timestamps (for {@code promtool tsdb create-blocks-from
 * openmetrics}) and loaded into a {@link MemoryStorage}. Not thread-safe.
 */
final class DemoData {
  static final String[] INSTANCES = {"demo.promlabs.com:10000", "demo.promlabs.com:10001", "demo.promlabs.com:10002"};
  static final String[] BUCKETS = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};
  static final long INTERVAL = 5_000;

  /** One generated series. */
  record GenSeries(Labels labels, long[] t, double[] v, int n) {}

  final long start;
  final long end;
  final List<GenSeries> series = new ArrayList<>();

  DemoData(long start, long durationMillis, long seed) {
    this.start = start;
    this.end = start + durationMillis;
    SplittableRandom rnd = new SplittableRandom(seed);
    int steps = (int) (durationMillis / INTERVAL);
    for (int instNo = 0; instNo < INSTANCES.length; instNo++) {
      final int inst = instNo;
      String instance = INSTANCES[inst];
      // Instance 1 restarts halfway: its counters start again from zero.
      int restartAt = inst == 1 ? steps / 2 : -1;
      long[] times = new long[steps];
      for (int i = 0; i < steps; i++) {
        times[i] = start + i * INTERVAL + inst * 1_117 + rnd.nextInt(-80, 81);
      }
      gauge(labels("demo_num_cpus", instance), times, i -> 4.0 * (inst + 1));
      String[] types = {"free", "buffers", "cached", "used"};
      for (int k = 0; k < types.length; k++) {
        double base = 1e9 * (k + 1) * (inst + 1);
        double[] walk = {base};
        int kk = k;
        gauge(labels("demo_memory_usage_bytes", instance, "type", types[k]), times, i -> {
          walk[0] += rnd.nextDouble(-1e6, 1e6) * (kk + 1);
          return Math.rint(walk[0]);
        });
      }
      String[] modes = {"idle", "user", "system"};
      for (int k = 0; k < modes.length; k++) {
        double rate = (k + 1) * 0.37 * (inst + 1);
        double[] c = {rnd.nextDouble(0, 1000)};
        gauge(labels("demo_cpu_usage_seconds_total", instance, "mode", modes[k]), times, i -> {
          if (i == restartAt) {
            c[0] = 0;
          }
          c[0] += rate * 5 * rnd.nextDouble(0.5, 1.5);
          return c[0];
        });
      }
      double[] disk = {5e10 * (inst + 1)};
      gauge(labels("demo_disk_usage_bytes", instance), times, i -> {
        disk[0] += rnd.nextDouble(0, 2e5);
        return disk[0];
      });
      double[] lastSuccess = {(start - 60_000) / 1000.0};
      gauge(labels("demo_batch_last_success_timestamp_seconds", instance), times, i -> {
        if (i % 48 == 10 && rnd.nextInt(4) != 0) {
          lastSuccess[0] = Math.floor(times[i] / 1000.0);
        }
        return lastSuccess[0];
      });
      // Present for 10 minutes, absent for 10: gaps longer than the 5m lookback.
      List<Long> it = new ArrayList<>();
      List<Double> iv = new ArrayList<>();
      for (int i = 0; i < steps; i++) {
        if ((i / 120) % 2 == 0) {
          it.add(times[i]);
          iv.add((double) rnd.nextInt(100));
        }
      }
      add(labels("demo_intermittent_metric", instance), it, iv);
      histogram(instance, times, restartAt, rnd);
      // Exactly on the 5s grid (no jitter), so samples sit on window and lookback boundaries of queries
      // whose times are multiples of 5s: tests that both ends of a range are closed.
      long[] aligned = new long[steps];
      for (int i = 0; i < steps; i++) {
        aligned[i] = start + i * INTERVAL;
      }
      double[] ac = {0};
      gauge(labels("demo_aligned_counter_total", instance), aligned, i -> {
        ac[0] += (inst + 1) * (i % 7);
        return ac[0];
      });
    }
  }

  private void histogram(String instance, long[] times, int restartAt, SplittableRandom rnd) {
    String[][] dims = {{"GET", "200"}, {"GET", "500"}, {"POST", "200"}, {"POST", "500"}};
    for (String[] d : dims) {
      int n = times.length;
      double[][] buckets = new double[BUCKETS.length][n];
      double[] sum = new double[n];
      double[] count = new double[n];
      double[] cum = new double[BUCKETS.length];
      double s = 0;
      double c = 0;
      for (int i = 0; i < n; i++) {
        if (i == restartAt) {
          java.util.Arrays.fill(cum, 0);
          s = 0;
          c = 0;
        }
        int obs = rnd.nextInt(0, 20);
        for (int o = 0; o < obs; o++) {
          double latency = Math.exp(rnd.nextDouble(-6, 2.5));
          s += latency;
          c++;
          for (int b = 0; b < BUCKETS.length; b++) {
            double ub = b == BUCKETS.length - 1 ? Double.POSITIVE_INFINITY : Double.parseDouble(BUCKETS[b]);
            if (latency <= ub) {
              cum[b]++;
            }
          }
        }
        for (int b = 0; b < BUCKETS.length; b++) {
          buckets[b][i] = cum[b];
        }
        sum[i] = s;
        count[i] = c;
      }
      for (int b = 0; b < BUCKETS.length; b++) {
        double[] col = buckets[b];
        gauge(labels("demo_api_request_duration_seconds_bucket", instance, "method", d[0], "path", "/api/foo",
            "status", d[1], "le", BUCKETS[b]), times, i -> col[i]);
      }
      gauge(labels("demo_api_request_duration_seconds_sum", instance, "method", d[0], "path", "/api/foo",
          "status", d[1]), times, i -> sum[i]);
      gauge(labels("demo_api_request_duration_seconds_count", instance, "method", d[0], "path", "/api/foo",
          "status", d[1]), times, i -> count[i]);
    }
  }

  private static Labels labels(String name, String instance, String... more) {
    Labels.Builder b = Labels.builder().set("__name__", name).set("job", "demo").set("instance", instance);
    for (int i = 0; i < more.length; i += 2) {
      b.set(more[i], more[i + 1]);
    }
    return b.build();
  }

  private void gauge(Labels l, long[] times, java.util.function.IntToDoubleFunction f) {
    double[] v = new double[times.length];
    for (int i = 0; i < times.length; i++) {
      v[i] = f.applyAsDouble(i);
    }
    series.add(new GenSeries(l, times.clone(), v, times.length));
  }

  private void add(Labels l, List<Long> t, List<Double> v) {
    long[] ts = new long[t.size()];
    double[] vs = new double[v.size()];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = t.get(i);
      vs[i] = v.get(i);
    }
    series.add(new GenSeries(l, ts, vs, ts.length));
  }

  int sampleCount() {
    int n = 0;
    for (GenSeries s : series) {
      n += s.n();
    }
    return n;
  }

  void loadInto(MemoryStorage storage) {
    for (GenSeries s : series) {
      for (int i = 0; i < s.n(); i++) {
        storage.add(s.labels(), s.t()[i], s.v()[i]);
      }
    }
  }

  /**
   * OpenMetrics with timestamps, series grouped by metric name (a family must be contiguous) and no TYPE
   * lines (every family is "unknown", so no suffix rules apply).
   */
  void writeOpenMetrics(Path file) throws IOException {
    List<GenSeries> sorted = new ArrayList<>(series);
    sorted.sort((a, b) -> a.labels().compareTo(b.labels()));
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      for (GenSeries s : sorted) {
        String name = s.labels().metricName();
        StringBuilder prefix = new StringBuilder(name).append('{');
        boolean first = true;
        for (int i = 0; i < s.labels().size(); i++) {
          if (s.labels().name(i).equals("__name__")) {
            continue;
          }
          if (!first) {
            prefix.append(',');
          }
          first = false;
          prefix.append(s.labels().name(i)).append("=\"").append(s.labels().value(i)).append('"');
        }
        prefix.append("} ");
        for (int i = 0; i < s.n(); i++) {
          w.write(prefix.toString());
          w.write(Double.toString(s.v()[i]));
          w.write(' ');
          w.write(String.format(Locale.ROOT, "%d.%03d", s.t()[i] / 1000, s.t()[i] % 1000));
          w.write('\n');
        }
      }
      w.write("# EOF\n");
    }
  }
}
