package io.promethium.promql.compliance;

import io.promethium.core.labels.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;

/**
 * Synthetic samples shaped like the PromLabs demo service that the compliance queries were written against:
 * job {@code demo}, three instances scraped every 5s (each with its own phase and a few milliseconds of
 * jitter), for two hours. Deterministic for a seed.
 *
 * <table>
 *   <caption>What the data exercises</caption>
 *   <tr><th>metric</th><th>shape</th></tr>
 *   <tr><td>demo_num_cpus</td><td>constant gauge per instance</td></tr>
 *   <tr><td>demo_memory_usage_bytes{type}</td><td>integer random walk, four types</td></tr>
 *   <tr><td>demo_cpu_usage_seconds_total{mode}</td><td>counter; instance :10001 restarts (gap, reset)</td></tr>
 *   <tr><td>demo_disk_usage_bytes</td><td>growing gauge with one cleanup drop</td></tr>
 *   <tr><td>demo_batch_last_success_timestamp_seconds</td><td>steps every few minutes</td></tr>
 *   <tr><td>demo_api_request_duration_seconds_{bucket,sum,count}</td><td>classic histogram counters, some
 *   label combinations idle for long stretches</td></tr>
 *   <tr><td>demo_intermittent_metric</td><td>present 6m, absent 8m: gaps longer than the lookback</td></tr>
 *   <tr><td>demo_aligned_counter_total</td><td>counter scraped exactly on the 5s grid from the start (no phase,
 *   no jitter): its samples sit on the window and lookback edges of queries at multiples of 5s</td></tr>
 * </table>
 *
 * <p>Instance :10002 stops being scraped 10 minutes before the end, and every series ends at {@link #end()},
 * so both staleness by lookback and the end of data are inside a query window that runs past it.
 *
 * <p>Timestamps are chosen so that promtool reads back exactly the same milliseconds from the OpenMetrics file
 * ({@link OpenMetricsFile#promtoolMillis}): the two storages hold bit-identical samples. Immutable once built.
 */
final class DemoDataset {
  /** 2023-10-31T23:00:00Z: the window crosses midnight, a day and a month, for the date functions. */
  static final long DEFAULT_START = 1_698_793_200_000L;
  static final long INTERVAL = 5_000;
  static final String JOB = "demo";
  static final String[] INSTANCES = {"demo.promlabs.com:10000", "demo.promlabs.com:10001", "demo.promlabs.com:10002"};
  static final String[] MEMORY_TYPES = {"buffers", "cached", "free", "used"};
  static final String[] CPU_MODES = {"idle", "system", "user"};
  static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, Double.POSITIVE_INFINITY};
  static final String[][] REQUEST_KINDS = {
    {"GET", "/api/foo", "200"}, {"GET", "/api/foo", "500"}, {"GET", "/api/bar", "200"},
    {"POST", "/api/foo", "200"}, {"POST", "/api/bar", "200"}, {"POST", "/api/bar", "500"}};

  /** One metric family as it is written to OpenMetrics: name, type and its series. */
  record Family(String name, String type, List<GeneratedSeries> series) {}

  /** One series: full labels (with {@code __name__}) and its samples in time order. */
  record GeneratedSeries(Labels labels, long[] t, double[] v) {}

  private final long start;
  private final long end;
  private final List<Family> families = new ArrayList<>();

  private DemoDataset(long start, long end) {
    this.start = start;
    this.end = end;
  }

  long start() {
    return start;
  }

  /** The time just after the last scrape of any instance. */
  long end() {
    return end;
  }

  List<Family> families() {
    return families;
  }

  /** Generates {@code durationMillis} of data from {@code start}. */
  static DemoDataset generate(long start, long durationMillis, long seed) {
    DemoDataset d = new DemoDataset(start, start + durationMillis);
    SplittableRandom rnd = new SplittableRandom(seed);
    int scrapes = (int) (durationMillis / INTERVAL);
    long[][] times = new long[INSTANCES.length][];
    for (int inst = 0; inst < INSTANCES.length; inst++) {
      times[inst] = scrapeTimes(start, scrapes, inst, rnd);
    }
    d.families.add(d.gauges("demo_num_cpus", times, (inst, lbl) -> k -> inst == 1 ? 8 : 4, null));
    d.families.add(d.memory(times, rnd));
    d.families.add(d.cpu(times, rnd));
    d.families.add(d.disk(times, rnd));
    d.families.add(d.batch(times, rnd));
    d.addHistogram(times, rnd);
    d.families.add(d.intermittent(times, rnd));
    d.families.add(d.specialValues(times, rnd));
    d.families.add(d.alignedCounter(scrapes));
    return d;
  }

  /**
   * Scrape times of one instance. Instance 1 misses four scrapes while it "restarts" at 65m; instance 2 is
   * not scraped for the last 10 minutes.
   */
  private static long[] scrapeTimes(long start, int scrapes, int inst, SplittableRandom rnd) {
    List<Long> out = new ArrayList<>();
    for (int k = 0; k < scrapes; k++) {
      if (inst == 1 && k >= restartScrape(scrapes) && k < restartScrape(scrapes) + 4) {
        continue;
      }
      if (inst == 2 && k >= scrapes - 120) {
        continue;
      }
      long raw = start + k * INTERVAL + inst * 1_700L + rnd.nextInt(-40, 41);
      // Keep only times that survive promtool's seconds-to-milliseconds conversion unchanged.
      while (OpenMetricsFile.promtoolMillis(raw) != raw) {
        raw++;
      }
      out.add(raw);
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static int restartScrape(int scrapes) {
    return scrapes * 13 / 24;
  }

  /** True from the first scrape after instance 1's restart gap: its counters start from zero again. */
  private boolean restarted(int inst, long t) {
    return inst == 1 && t >= start + restartScrape((int) ((end - start) / INTERVAL)) * INTERVAL;
  }

  /** Builds the values of one series, given the instance and extra labels (name, value pairs). */
  private interface ValueSource {
    IntToDoubleFunction values(int inst, String[] extraLabels);
  }

  private Family gauges(String name, long[][] times, ValueSource src, String[][] extraLabelSets) {
    return family(name, "gauge", name, times, src, extraLabelSets);
  }

  private Family family(String family, String type, String sample, long[][] times, ValueSource src,
      String[][] extraLabelSets) {
    List<GeneratedSeries> series = new ArrayList<>();
    String[][] sets = extraLabelSets == null ? new String[][] {{}} : extraLabelSets;
    for (int inst = 0; inst < INSTANCES.length; inst++) {
      for (String[] extra : sets) {
        series.add(series(sample, inst, extra, times[inst], src.values(inst, extra)));
      }
    }
    return new Family(family, type, series);
  }

  private static GeneratedSeries series(String name, int inst, String[] extra, long[] t, IntToDoubleFunction f) {
    Labels.Builder b = Labels.builder().set(Labels.METRIC_NAME, name).set("instance", INSTANCES[inst]).set("job", JOB);
    for (int i = 0; i < extra.length; i += 2) {
      b.set(extra[i], extra[i + 1]);
    }
    double[] v = new double[t.length];
    for (int k = 0; k < t.length; k++) {
      v[k] = f.applyAsDouble(k);
    }
    return new GeneratedSeries(b.build(), t.clone(), v);
  }

  private static String[][] labelSets(String name, String... values) {
    String[][] out = new String[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = new String[] {name, values[i]};
    }
    return out;
  }

  private Family memory(long[][] times, SplittableRandom rnd) {
    return gauges("demo_memory_usage_bytes", times, (inst, lbl) -> {
      double[] level = {1e9 * (1 + inst) + rnd.nextInt(0, 1 << 28)};
      return k -> level[0] += rnd.nextInt(-1_000_000, 1_000_001);
    }, labelSets("type", MEMORY_TYPES));
  }

  private Family cpu(long[][] times, SplittableRandom rnd) {
    return family("demo_cpu_usage_seconds", "counter", "demo_cpu_usage_seconds_total", times, (inst, lbl) -> {
      double perSecond = 0.2 + 0.3 * rnd.nextDouble() * (inst + 1);
      double[] total = {rnd.nextDouble(100, 5000)};
      boolean[] reset = {false};
      long[] t = times[inst];
      return k -> {
        if (!reset[0] && restarted(inst, t[k])) {
          reset[0] = true;
          total[0] = 0;
        }
        total[0] += perSecond * 5 * rnd.nextDouble(0.5, 1.5);
        return total[0];
      };
    }, labelSets("mode", CPU_MODES));
  }

  private Family disk(long[][] times, SplittableRandom rnd) {
    return gauges("demo_disk_usage_bytes", times, (inst, lbl) -> {
      double[] used = {4e10 * (inst + 1)};
      int cleanup = times[inst].length / 3 + inst * 50;
      return k -> {
        used[0] = k == cleanup ? Math.rint(used[0] * 0.7) : used[0] + rnd.nextInt(0, 400_000);
        return used[0];
      };
    }, null);
  }

  private Family batch(long[][] times, SplittableRandom rnd) {
    return gauges("demo_batch_last_success_timestamp_seconds", times, (inst, lbl) -> {
      double[] last = {Math.floor((start - 300_000) / 1000.0)};
      long[] t = times[inst];
      return k -> {
        if (k % 36 == 7 * inst && rnd.nextInt(5) != 0) {
          last[0] = Math.floor(t[k] / 1000.0);
        }
        return last[0];
      };
    }, null);
  }

  private Family intermittent(long[][] times, SplittableRandom rnd) {
    List<GeneratedSeries> series = new ArrayList<>();
    for (int inst = 0; inst < INSTANCES.length; inst++) {
      long[] t = times[inst];
      int phase = inst * 40;
      int n = 0;
      long[] keepT = new long[t.length];
      double[] keepV = new double[t.length];
      for (int k = 0; k < t.length; k++) {
        // 72 scrapes (6m) present, 96 scrapes (8m) absent.
        if ((k + phase) % 168 < 72) {
          keepT[n] = t[k];
          keepV[n] = rnd.nextInt(0, 100);
          n++;
        }
      }
      Labels l = Labels.of(Labels.METRIC_NAME, "demo_intermittent_metric", "instance", INSTANCES[inst], "job", JOB);
      series.add(new GeneratedSeries(l, Arrays.copyOf(keepT, n), Arrays.copyOf(keepV, n)));
    }
    return new Family("demo_intermittent_metric", "gauge", series);
  }

  /** Kinds of {@code demo_special_values}: float edge cases no real demo metric has. */
  static final String[] SPECIAL_KINDS = {"big", "inf", "nan", "neg_inf", "tiny", "zero"};

  /**
   * {@code demo_special_values{kind}}: ordinary values interleaved with NaN, +Inf, -Inf, values near the top
   * and bottom of the double range, and signed zeros. Only our extra queries select it.
   */
  private Family specialValues(long[][] times, SplittableRandom rnd) {
    return gauges("demo_special_values", times, (inst, lbl) -> {
      String kind = lbl[1];
      return k -> switch (kind) {
        case "big" -> (k % 5 == 0 ? -1 : 1) * rnd.nextDouble(1e307, 1.7e308);
        case "inf" -> k % 11 == inst ? Double.POSITIVE_INFINITY : rnd.nextInt(-50, 50);
        case "nan" -> k % 7 == inst ? Double.NaN : rnd.nextInt(-50, 50) / 4.0;
        case "neg_inf" -> k % 13 < 2 ? Double.NEGATIVE_INFINITY : rnd.nextDouble();
        // Normal doubles only: Go's amd64 assembly math.Log mis-handles subnormals (ln(3.2e-309) gives -708.95,
        // not -710.32), a quirk we do not copy.
        case "tiny" -> (k % 2 == 0 ? -1 : 1) * rnd.nextDouble(1, 1000) * 1e-300;
        case "zero" -> k % 2 == 0 ? 0.0 : -0.0;
        default -> throw new IllegalArgumentException(kind);
      };
    }, labelSets("kind", SPECIAL_KINDS));
  }

  /**
   * A counter on the exact 5s grid (no random numbers drawn, so the other families do not change with it):
   * both ends of a range are closed in 2.x, and only samples exactly on them tell whether an engine agrees.
   */
  private Family alignedCounter(int scrapes) {
    long[] aligned = new long[scrapes];
    for (int k = 0; k < scrapes; k++) {
      aligned[k] = start + k * INTERVAL;
    }
    long[][] times = new long[INSTANCES.length][];
    Arrays.fill(times, aligned);
    times[2] = Arrays.copyOf(aligned, scrapes - 120); // instance :10002 stops 10 minutes early, as everywhere
    return family("demo_aligned_counter", "counter", "demo_aligned_counter_total", times, (inst, lbl) -> {
      double[] total = {0};
      return k -> total[0] += (inst + 1) * (k % 7);
    }, null);
  }

  /** The request-duration histogram: buckets, sum and count share each scrape's random observations. */
  private void addHistogram(long[][] times, SplittableRandom rnd) {
    String base = "demo_api_request_duration_seconds";
    List<GeneratedSeries> all = new ArrayList<>();
    for (int inst = 0; inst < INSTANCES.length; inst++) {
      long[] t = times[inst];
      for (String[] kind : REQUEST_KINDS) {
        boolean errors = kind[2].equals("500");
        double mean = kind[1].equals("/api/foo") ? 0.04 : 0.15;
        double[][] buckets = new double[BUCKETS.length][t.length];
        double[] sum = new double[t.length];
        double[] count = new double[t.length];
        double[] cum = new double[BUCKETS.length];
        double total = 0;
        double obs = 0;
        boolean reset = false;
        for (int k = 0; k < t.length; k++) {
          if (!reset && restarted(inst, t[k])) {
            reset = true;
            Arrays.fill(cum, 0);
            total = 0;
            obs = 0;
          }
          // Error kinds see a request only now and then: their rates are often zero (quantile NaN).
          int n = errors ? (rnd.nextInt(12) == 0 ? 1 : 0) : rnd.nextInt(0, 12);
          for (int e = 0; e < n; e++) {
            double d = -mean * Math.log(1 - rnd.nextDouble());
            total += d;
            obs++;
            for (int b = 0; b < BUCKETS.length; b++) {
              if (d <= BUCKETS[b]) {
                cum[b]++;
              }
            }
          }
          for (int b = 0; b < BUCKETS.length; b++) {
            buckets[b][k] = cum[b];
          }
          sum[k] = total;
          count[k] = obs;
        }
        String[] extra = {"method", kind[0], "path", kind[1], "status", kind[2]};
        for (int b = 0; b < BUCKETS.length; b++) {
          double[] vb = buckets[b];
          String[] withLe = Arrays.copyOf(extra, extra.length + 2);
          withLe[extra.length] = "le";
          withLe[extra.length + 1] = leText(BUCKETS[b]);
          all.add(series(base + "_bucket", inst, withLe, t, k -> vb[k]));
        }
        all.add(series(base + "_sum", inst, extra, t, k -> sum[k]));
        all.add(series(base + "_count", inst, extra, t, k -> count[k]));
      }
    }
    families.add(new Family(base, "histogram", all));
  }

  private static String leText(double le) {
    return le == Double.POSITIVE_INFINITY ? "+Inf" : Double.toString(le);
  }

  /** Every series of every family. */
  List<GeneratedSeries> allSeries() {
    List<GeneratedSeries> out = new ArrayList<>();
    for (Family f : families) {
      out.addAll(f.series());
    }
    return out;
  }
}
