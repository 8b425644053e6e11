package io.promethium.benchmarks.tsdb;

import io.promethium.core.labels.Labels;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.Appender;
import io.promethium.tsdb.head.Head;
import io.promethium.tsdb.head.HeadOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Heap bytes per active head series as a scrape produces them, counting what the scrape cache shares with
 * the head. Not a JMH benchmark: it measures size, not time.
 *
 * <p>Series look like node-exporter's: {@code __name__} (one of 200 metric names), {@code instance} (one of
 * 50 targets), {@code job}, plus one or two metric labels ({@code cpu}, {@code mode}). Every series' label
 * strings are fresh objects, as a parser makes them, and are held by a "scrape cache" array, as the
 * scraper's cache holds them: so the figure is the head plus the labels it would keep or share. Each
 * target is one appender per scrape (refs cached after the first), {@code samples} scrapes 15 s apart
 * (the default 180 mmap a first chunk of 120 samples and leave the open chunk half full, the average
 * over a chunk's life), values as {@link #value}. WAL on, as in production.
 *
 * <pre>java -cp benchmarks/target-x/benchmarks.jar io.promethium.benchmarks.tsdb.HeadMemoryFootprint 50000 180 [histo|-] [interval ms]</pre>
 *
 * <p>With {@code histo}, also prints the top of {@code jmap -histo:live} of this process (needs the JDK's
 * {@code jmap}), for bytes per series by component.
 *
 * <p>Measured 2026-11-24, JDK 17, {@code -XX:+UseSerialGC} ("labels alone" is 253 B/series in all):
 *
 * <table>
 *   <caption>head + labels, bytes per series</caption>
 *   <tr><th>series, samples</th><th>before this session</th><th>after</th></tr>
 *   <tr><td>50,000, 180</td><td>993</td><td>568</td></tr>
 *   <tr><td>200,000, 180</td><td>1,004</td><td>559</td></tr>
 *   <tr><td>50,000, 1,000 (8 full chunks)</td><td>1,089</td><td>628</td></tr>
 * </table>
 *
 * <p>After, by component at 50,000 × 180: chunk buffers ({@code byte[]}) 276, {@code long[]} 107 (full
 * chunk list 56, postings ~50), {@code MemSeries} 72, {@code XorChunk} 56, the one {@code Labels} 24 and
 * its {@code String[]} 48, series tables 21; the label strings are the postings' shared ones. Before: two
 * {@code Labels} and two sets of strings per series (scraper's and head's), three {@code long[]} per
 * series for full chunks, {@code HashMap} nodes per series in the stripes, 96-byte series, 64-byte chunks
 * with doubling buffers.
 *
 * <p>Later the same day (paged ref index, the open chunk's encoder inside the series, first chunk buffer
 * 32 bytes instead of 128, int postings lists, 1024 label stripes), head + labels, bytes per series:
 *
 * <table>
 *   <caption>before and after the second round</caption>
 *   <tr><th>series, samples, interval</th><th>before</th><th>after</th></tr>
 *   <tr><td>100,000, 20, 15 s</td><td>449</td><td>328</td></tr>
 *   <tr><td>100,000, 180, 15 s</td><td>568</td><td>505</td></tr>
 *   <tr><td>100,000, 180, 1 s</td><td>600</td><td>537</td></tr>
 *   <tr><td>200,000, 20, 15 s</td><td>440</td><td>324</td></tr>
 *   <tr><td>200,000, 180, 15 s</td><td>559</td><td>500</td></tr>
 *   <tr><td>200,000, 180, 1 s</td><td>591</td><td>532</td></tr>
 * </table>
 *
 * <p>By component at 100,000 × 20 after: {@code MemSeries} 96 (was 72 plus a 56-byte {@code XorChunk}),
 * chunk buffers 136 (was 193), postings {@code int[]} 28 (was {@code long[]} 53), series tables 13 (was 18,
 * plus 4 of stripe objects and 3 of ref locks).
 */
public final class HeadMemoryFootprint {
  private HeadMemoryFootprint() {}

  private static final int TARGETS = 50;

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      best = Math.min(best, rt.totalMemory() - rt.freeMemory());
    }
    return best;
  }

  /** The i-th series of a target, with strings freshly allocated as a text parser would. */
  static Labels seriesLabels(int target, int i, String job) {
    String name = "node_metric_" + (i % 200) + "_total";
    String instance = "10.0." + (target / 250) + "." + (target % 250) + ":9100";
    int k = i / 200;
    // Concatenation makes new String objects each call, as a parser does per series.
    Labels.Builder b = Labels.builder()
        .set(Labels.METRIC_NAME, name)
        .set("instance", instance)
        .set("job", job)
        .set("cpu", Integer.toString(k % 64));
    if (k >= 64) {
      b.set("mode", "mode" + (k / 64));
    }
    return b.build();
  }

  /**
   * Sample {@code s} of series {@code i}: a third constant (info and config gauges), a third counters
   * growing by a few units a scrape, a third gauges with fractional values that change every scrape.
   */
  static double value(int i, int s) {
    return switch (i % 3) {
      case 0 -> 1;
      case 1 -> (double) s * (i % 13 + 1);
      default -> (s * 7 + i % 13) * 0.37;
    };
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 180;
    boolean histo = args.length > 2 && args[2].equals("histo");
    long interval = args.length > 3 ? Long.parseLong(args[3]) : 15_000L;
    int perTarget = n / TARGETS;
    Path dir = Files.createTempDirectory("head-mem");
    try (Head h = Head.open(dir, HeadOptions.defaults(), new MetricsRegistry(), Long.MIN_VALUE)) {
      long base = usedAfterGc();
      Labels[][] cache = new Labels[TARGETS][perTarget];
      long[][] refs = new long[TARGETS][perTarget];
      for (int tg = 0; tg < TARGETS; tg++) {
        for (int i = 0; i < perTarget; i++) {
          cache[tg][i] = seriesLabels(tg, i, "node");
        }
      }
      long labelsOnly = usedAfterGc() - base;
      // At the start of a 2 h chunk window, so chunks are cut at 120 samples as in a steady state.
      long t0 = 1_699_999_200_000L;
      for (int s = 0; s < samples; s++) {
        long t = t0 + s * interval;
        for (int tg = 0; tg < TARGETS; tg++) {
          Appender a = h.appender();
          for (int i = 0; i < perTarget; i++) {
            refs[tg][i] = a.append(refs[tg][i], cache[tg][i], t, value(i, s));
          }
          a.commit();
        }
      }
      long after = usedAfterGc();
      System.out.printf("series=%d samples/series=%d interval=%dms chunks=%d labels alone=%.1f B/series, "
              + "head+labels=%.1f B/series%n", h.numSeries(), samples, interval, h.numChunks(),
          labelsOnly / (double) n, (after - base) / (double) n);
      if (histo) {
        printHisto(n);
      }
      // keep the cache reachable until measured
      if (cache[0][0].isEmpty()) {
        System.out.println();
      }
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void printHisto(int n) throws Exception {
    String jmap = Path.of(System.getProperty("java.home"), "bin", "jmap").toString();
    Process p = new ProcessBuilder(jmap, "-histo:live", Long.toString(ProcessHandle.current().pid()))
        .redirectErrorStream(true).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      int shown = 0;
      while ((line = r.readLine()) != null && shown < 25) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 4 && f[0].endsWith(":")) {
          long bytes = Long.parseLong(f[2]);
          System.out.printf("%10d %12d %7.1f B/series  %s%n", Long.parseLong(f[1]), bytes, bytes / (double) n, f[3]);
          shown++;
        }
      }
    }
    p.waitFor();
  }
}
