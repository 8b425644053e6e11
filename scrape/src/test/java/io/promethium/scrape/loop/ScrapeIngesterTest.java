package io.promethium.scrape.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.config.RelabelAction;
import io.promethium.core.config.RelabelConfig;
import io.promethium.core.labels.Labels;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.scrape.testing.Jobs;
import io.promethium.scrape.testing.TestAppendable;
import io.promethium.scrape.testing.TestAppendable.Sample;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The append path without network or timers: one ingester, bodies fed by hand. */
class ScrapeIngesterTest {
  private static final Labels TARGET = Labels.of("instance", "i:1", "job", "j");
  private static final String TEXT = "text/plain; version=0.0.4";

  private final TestAppendable storage = new TestAppendable();
  private final MetricsRegistry registry = new MetricsRegistry();

  private ScrapeIngester ingester(Consumer<Jobs> tweak) {
    Jobs j = Jobs.job("j");
    tweak.accept(j);
    return new ScrapeIngester(TARGET, j.build(), registry);
  }

  private ScrapeIngester.Result scrape(ScrapeIngester in, String body, long ts) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return in.ingest(storage, b, b.length, TEXT, ts, System.nanoTime());
  }

  private List<Sample> series(String name) {
    return storage.samples(TARGET.toBuilder().set("__name__", name).build());
  }

  @Test
  void honorTimestampsDecidesTheSampleTime() {
    ScrapeIngester honor = ingester(j -> { });
    scrape(honor, "a 1 1000\n", 15_000);
    assertEquals(List.of(new Sample(1000, 1)), series("a"));

    ScrapeIngester ignore = ingester(j -> j.honorTimestamps = false);
    scrape(ignore, "b 1 1000\n", 15_000);
    assertEquals(List.of(new Sample(15_000, 1)), series("b"));
  }

  @Test
  void seriesWithExplicitTimestampsAreNotMarkedStale() {
    ScrapeIngester in = ingester(j -> { });
    scrape(in, "a 1 1000\nb 2\n", 10_000);
    scrape(in, "c 3\n", 20_000);
    assertEquals(1, series("a").size(), "no stale marker for a timestamped series");
    assertTrue(series("b").get(1).stale());
    assertEquals(20_000, series("b").get(1).t());
  }

  @Test
  void duplicatesAndFutureSamplesAreDroppedNotFatal() {
    ScrapeIngester in = ingester(j -> { });
    long now = System.currentTimeMillis();
    ScrapeIngester.Result r = scrape(in, "d 1\nd 2\nf 1 " + (now + 3_600_000) + "\ng 1\n", now);
    assertNull(r.error());
    assertEquals(List.of(new Sample(now, 1)), series("d"));
    assertTrue(series("f").isEmpty(), "an hour ahead is out of bounds");
    assertEquals(4, r.samplesScraped());
    assertEquals(4, r.samplesPostRelabeling());
    assertEquals(2, r.seriesAdded());
    StringBuilder text = new StringBuilder();
    registry.writeText(text);
    assertTrue(text.toString().contains("prometheus_target_scrapes_sample_duplicate_timestamp_total 1\n"), text.toString());
    assertTrue(text.toString().contains("prometheus_target_scrapes_sample_out_of_bounds_total 1\n"), text.toString());
  }

  @Test
  void outOfOrderSamplesAreCounted() {
    ScrapeIngester in = ingester(j -> { });
    scrape(in, "o 1 5000\n", 10_000);
    ScrapeIngester.Result r = scrape(in, "o 2 4000\n", 20_000);
    assertNull(r.error());
    assertEquals(1, series("o").size());
    StringBuilder text = new StringBuilder();
    registry.writeText(text);
    assertTrue(text.toString().contains("prometheus_target_scrapes_sample_out_of_order_total 1\n"));
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of((Consumer<Jobs>) j -> j.metricRelabel.add(RelabelConfig.of(RelabelAction.REPLACE,
            List.of("__name__"), "(m)", "__name__", "1$1")), "m 1\n",
            "invalid metric name or label names: {__name__=\"1m\", instance=\"i:1\", job=\"j\"}"),
        Arguments.of((Consumer<Jobs>) j -> j.metricRelabel.add(RelabelConfig.of(RelabelAction.REPLACE,
            List.of("__name__"), "m", "__name__", "")), "m 1\n", "missing metric name (__name__ label)"),
        Arguments.of((Consumer<Jobs>) j -> j.labelValueLengthLimit = 5, "m{a=\"toolong\"} 1\n",
            "label_value_length_limit exceeded (metric: m, label name: a, value: \"toolong\", length: 7, limit: 5)"),
        Arguments.of((Consumer<Jobs>) j -> j.labelNameLengthLimit = 8, "m{abcdefghi=\"x\"} 1\n",
            "label_name_length_limit exceeded (metric: m, label name: abcdefghi, length: 9, limit: 8)"),
        Arguments.of((Consumer<Jobs>) j -> j.labelLimit = 3, "m{a=\"1\",b=\"2\"} 1\n",
            "label_limit exceeded (metric: m, number of labels: 5, limit: 3)"),
        Arguments.of((Consumer<Jobs>) j -> j.sampleLimit = 1, "m 1\nn 2\n", "sample limit exceeded"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void failedAppendsRollBackAndRetirePreviousSeries(Consumer<Jobs> tweak, String body, String error) {
    ScrapeIngester in = ingester(tweak);
    // First a body every setting accepts, so there is something to go stale.
    assertNull(scrape(in, "ok 1\n", 10_000).error());
    ScrapeIngester.Result r = scrape(in, body, 20_000);
    assertEquals(error, r.error());
    assertTrue(series("m").isEmpty(), "rolled back");
    assertTrue(series("ok").get(1).stale(), "previous series stale at the failed scrape");
    assertEquals(List.of(new Sample(10_000, 1), new Sample(20_000, 0)), series("up"));
  }

  @Test
  void reportSeriesAndEndOfRun() {
    ScrapeIngester in = ingester(j -> { });
    scrape(in, "x 1\ny 2\n", 10_000);
    in.endOfRun(storage, 25_000);
    for (String n : new String[] {"x", "y", "up", "scrape_duration_seconds", "scrape_samples_scraped",
        "scrape_samples_post_metric_relabeling", "scrape_series_added"}) {
      List<Sample> s = series(n);
      assertEquals(2, s.size(), n);
      assertTrue(s.get(1).stale(), n);
      assertEquals(25_000, s.get(1).t(), n);
    }
  }

  @Test
  void fetchFailureReportsDownAndRetiresSeries() {
    ScrapeIngester in = ingester(j -> { });
    scrape(in, "x 1\n", 10_000);
    ScrapeIngester.Result r = in.ingestFailure(storage, "server returned HTTP status 503 Service Unavailable",
        20_000, System.nanoTime());
    assertEquals("server returned HTTP status 503 Service Unavailable", r.error());
    assertTrue(series("x").get(1).stale());
    assertEquals(0.0, series("up").get(1).v());
    assertEquals(0.0, series("scrape_samples_scraped").get(1).v());
  }

  @Test
  void openMetricsTimestampsAndExemplars() {
    ScrapeIngester in = ingester(j -> { });
    byte[] b = ("# TYPE req_requests counter\n# UNIT req_requests requests\n"
        + "req_requests_total 5 # {trace_id=\"abc\"} 1.0\n"
        + "req_requests_total{code=\"500\"} 1 123.5\n# EOF\n").getBytes(StandardCharsets.UTF_8);
    ScrapeIngester.Result r = in.ingest(storage, b, b.length, "application/openmetrics-text; version=1.0.0",
        200_000, System.nanoTime());
    assertNull(r.error());
    assertEquals(List.of(new Sample(200_000, 5)), series("req_requests_total"));
    assertEquals(List.of(new Sample(123_500, 1)),
        storage.samples(TARGET.toBuilder().set("__name__", "req_requests_total").set("code", "500").build()));
    var ex = storage.exemplars();
    assertEquals(1, ex.size());
    assertEquals(Labels.of("trace_id", "abc"), ex.get(0).labels());
    assertEquals(200_000, ex.get(0).timestampMillis(), "an exemplar without timestamp takes the sample's");
    assertEquals("requests", in.metadata().get("req_requests").unit());
  }

  /** A body of {@code n} series {@code name{i="k"<moreLabels>} k}, for k from 0. */
  private static String numberedSeries(String name, String moreLabels, int n) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < n; i++) {
      body.append(name).append("{i=\"").append(i).append('"').append(moreLabels).append("} ").append(i)
          .append('\n');
    }
    return body.toString();
  }

  @Test
  void aSteadyScrapeHitsTheCacheForEverySeries() {
    ScrapeIngester in = ingester(j -> { });
    String body = numberedSeries("steady", ",b=\"x\"", 500);
    scrape(in, body, 10_000);
    assertEquals(505, storage.appendsWithoutRef(), "first scrape: every series and report series is new");
    scrape(in, body, 20_000);
    scrape(in, body, 30_000);
    assertEquals(505, storage.appendsWithoutRef(), "later scrapes pass the cached reference every time");
    assertEquals(List.of(new Sample(10_000, 7), new Sample(20_000, 7), new Sample(30_000, 7)), storage.samples(
        TARGET.toBuilder().set("__name__", "steady").set("i", "7").set("b", "x").build()));
  }

  @Test
  void aSteadyScrapePrefetchesEachCachedSeriesBeforeItsAppend() {
    ScrapeIngester in = ingester(j -> { });
    String body = numberedSeries("pf", "", 100);
    scrape(in, body, 10_000);
    storage.takeRefCalls();
    scrape(in, body, 20_000);
    List<Long> calls = storage.takeRefCalls();
    Set<Long> prefetched = new HashSet<>();
    int appends = 0;
    for (long c : calls) {
      if (c < 0) {
        prefetched.add(-c);
      } else if (c != 0 && appends++ > 0 && appends <= 100) {
        // The first line triggers the first group; every later body line was prefetched before.
        assertTrue(prefetched.contains(c), "ref " + c + " appended before it was prefetched: " + calls);
      }
    }
    assertEquals(99, prefetched.size(), "each cached series after the first is prefetched once: " + calls);
  }

  @Test
  void metadataIsCachedPerFamily() {
    ScrapeIngester in = ingester(j -> { });
    scrape(in, "# HELP h Help text.\n# TYPE h gauge\nh 1\n", 10_000);
    var md = in.metadata().get("h");
    assertEquals("Help text.", md.help());
    assertEquals(io.promethium.core.metadata.MetricType.GAUGE, md.type());
  }

  /** Values of a series, with stale markers as "stale", for compact expectations. */
  private List<String> values(Labels lset) {
    return storage.samples(lset).stream().map(x -> x.t() + "=" + (x.stale() ? "stale" : String.valueOf(x.v())))
        .toList();
  }

  /**
   * The cache's guess at the next series is a hint the parser may use to skip scanning labels: a guess
   * that is a prefix of the real series, a reordered body, a series the relabeling drops and a new series
   * between known ones must all come out as without hints.
   */
  @Test
  void predictedSeriesThatDoNotMatchAreParsedInFull() {
    ScrapeIngester in = ingester(j -> j.metricRelabel.add(RelabelConfig.of(RelabelAction.DROP,
        List.of("__name__"), "d", null, null)));
    scrape(in, "a 1\nd 0\nb{x=\"1\"} 2\nc 3\n", 10_000);
    scrape(in, "a{y=\"1\"} 4\nd 0\nb{x=\"1\"} 5\nc 6\n", 20_000);
    ScrapeIngester.Result r = scrape(in, "a 7\nc 8\nn 1\nd 0\nb{x=\"1\"} 9\nb{x=\"1\"}10\n", 30_000);
    Labels a = TARGET.toBuilder().set("__name__", "a").build();
    Labels ay = TARGET.toBuilder().set("__name__", "a").set("y", "1").build();
    Labels b = TARGET.toBuilder().set("__name__", "b").set("x", "1").build();
    Labels c = TARGET.toBuilder().set("__name__", "c").build();
    assertEquals(List.of("10000=1.0", "20000=stale", "30000=7.0"), values(a));
    assertEquals(List.of("20000=4.0", "30000=stale"), values(ay));
    assertEquals(List.of("10000=2.0", "20000=5.0", "30000=9.0"), values(b), "the duplicate is dropped");
    assertEquals(List.of("10000=3.0", "20000=6.0", "30000=8.0"), values(c));
    assertTrue(series("d").isEmpty(), "dropped by relabeling");
    assertEquals(6, r.samplesScraped());
    assertEquals(2, r.seriesAdded(), "a came back after it was flushed, n is new");
  }
}
