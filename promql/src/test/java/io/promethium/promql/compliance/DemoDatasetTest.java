package io.promethium.promql.compliance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDatasetTest {
  private static final DemoDataset DATA =
      DemoDataset.generate(DemoDataset.DEFAULT_START, Duration.ofHours(2).toMillis(), 7);

  @Test
  void sameSeedSameData() {
    DemoDataset again = DemoDataset.generate(DemoDataset.DEFAULT_START, Duration.ofHours(2).toMillis(), 7);
    List<DemoDataset.GeneratedSeries> a = DATA.allSeries();
    List<DemoDataset.GeneratedSeries> b = again.allSeries();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).labels(), b.get(i).labels());
      assertArrayEquals(a.get(i).t(), b.get(i).t());
      assertArrayEquals(a.get(i).v(), b.get(i).v());
    }
  }

  @Test
  void timestampsIncreaseAndSurvivePromtool() {
    for (DemoDataset.GeneratedSeries s : DATA.allSeries()) {
      for (int i = 0; i < s.t().length; i++) {
        assertEquals(s.t()[i], OpenMetricsFile.promtoolMillis(s.t()[i]), s.labels().toString());
        assertTrue(i == 0 || s.t()[i] > s.t()[i - 1], s.labels().toString());
        assertTrue(s.t()[i] >= DATA.start() - 100 && s.t()[i] < DATA.end() + 5_000, s.labels().toString());
      }
    }
  }

  @Test
  void countersResetOnlyAtTheRestartOfInstance1() {
    for (DemoDataset.GeneratedSeries s : DATA.allSeries()) {
      String name = s.labels().metricName();
      if (!name.endsWith("_total") && !name.endsWith("_bucket") && !name.endsWith("_count")) {
        continue;
      }
      int resets = 0;
      for (int i = 1; i < s.v().length; i++) {
        if (s.v()[i] < s.v()[i - 1]) {
          resets++;
        }
      }
      boolean restarts = s.labels().get("instance").endsWith(":10001");
      assertTrue(restarts ? resets <= 1 : resets == 0, s.labels() + " resets " + resets);
    }
  }

  @Test
  void histogramBucketsAreCumulativeAndInfEqualsCount() {
    Map<Labels, double[]> byGroup = new HashMap<>();
    Map<Labels, double[]> counts = new HashMap<>();
    for (DemoDataset.GeneratedSeries s : DATA.allSeries()) {
      String name = s.labels().metricName();
      Labels group = s.labels().without(List.of("__name__", "le"));
      if (name.equals("demo_api_request_duration_seconds_count")) {
        counts.put(group, s.v());
      } else if (name.equals("demo_api_request_duration_seconds_bucket")) {
        double[] prev = byGroup.get(group);
        if (prev != null) {
          for (int i = 0; i < prev.length; i++) {
            assertTrue(s.v()[i] >= prev[i], s.labels() + " not cumulative at " + i);
          }
        }
        byGroup.put(group, s.v());
      }
    }
    assertEquals(18, counts.size());
    counts.forEach((g, c) -> assertArrayEquals(c, byGroup.get(g), g + ": +Inf bucket != count"));
    // Error kinds see about one request a minute, the others about 66: their rates are often zero.
    counts.forEach((g, c) -> {
      double last = c[c.length - 1];
      boolean rare = g.get("status").equals("500");
      assertTrue(rare ? last < 250 : last > 2_000, g + " count " + last);
    });
  }

  @Test
  void instance2StopsAndTheIntermittentMetricHasGaps() {
    for (DemoDataset.GeneratedSeries s : DATA.allSeries()) {
      long last = s.t()[s.t().length - 1];
      if (s.labels().get("instance").endsWith(":10002")) {
        assertTrue(last < DATA.end() - Duration.ofMinutes(9).toMillis(), s.labels().toString());
      }
      if (s.labels().metricName().equals("demo_intermittent_metric")) {
        long maxGap = 0;
        for (int i = 1; i < s.t().length; i++) {
          maxGap = Math.max(maxGap, s.t()[i] - s.t()[i - 1]);
        }
        assertTrue(maxGap > Duration.ofMinutes(5).toMillis(), s.labels() + " max gap " + maxGap);
      }
    }
  }

  @Test
  void openMetricsFileShape(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("d.om");
    OpenMetricsFile.write(DATA, f);
    List<String> lines = Files.readAllLines(f);
    assertEquals("# TYPE demo_num_cpus gauge", lines.get(0));
    assertTrue(lines.get(1).matches(
        "demo_num_cpus\\{instance=\"demo\\.promlabs\\.com:10000\",job=\"demo\"} 4\\.0 1698793200\\.\\d{3}"),
        lines.get(1));
    assertEquals("# EOF", lines.get(lines.size() - 1));
    assertTrue(lines.contains("# TYPE demo_cpu_usage_seconds counter"));
    long samples = DATA.allSeries().stream().mapToLong(s -> s.t().length).sum();
    long typeLines = lines.stream().filter(l -> l.startsWith("# TYPE ")).count();
    assertEquals(samples + typeLines + 1, lines.size());
  }

  @Test
  void secondsSpelling() {
    assertEquals("1698793200.000", OpenMetricsFile.seconds(1_698_793_200_000L));
    assertEquals("1698793200.007", OpenMetricsFile.seconds(1_698_793_200_007L));
    assertEquals("1698793200.070", OpenMetricsFile.seconds(1_698_793_200_070L));
    assertEquals("0.999", OpenMetricsFile.seconds(999));
  }
}
