package io.promethium.promql.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.promethium.promql.engine.Engine;
import io.promethium.promql.engine.EngineOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * PromQL compliance against the real Prometheus. The compliance tester's query suite ({@code
 * compliance/promql-test-queries.yml} of the shared test data, 539 queries once expanded) runs as range queries on
 * our {@link Engine} over an {@link ArrayStorage} and on {@code /usr/bin/prometheus} (backfilled by {@code
 * promtool}) over the same {@link DemoDataset}; results are compared as the tester compares them ({@link
 * ResultComparison}); a query marked {@code should_fail} must fail on both. One dynamic test per query and suite:
 *
 * <table>
 *   <caption>Suites</caption>
 *   <tr><th>summary name</th><th>queries</th><th>how</th></tr>
 *   <tr><td>compliance</td><td>upstream</td><td>range, the tester's 10s step, 1h04m window</td></tr>
 *   <tr><td>compliance (grid B)</td><td>upstream</td><td>range, 15s step, another phase</td></tr>
 *   <tr><td>compliance (grid C)</td><td>upstream</td><td>range, 1m step over all data and 10m either side
 *   </td></tr>
 *   <tr><td>compliance (extra)</td><td>{@code compliance/extra-queries.yml}</td><td>range, as the first</td></tr>
 *   <tr><td>compliance (extra, aligned grid)</td><td>{@code compliance/extra-queries.yml}</td><td>range, 20s
 *   steps on the 5s scrape grid, where {@code demo_aligned_counter_total} samples sit on window edges</td></tr>
 *   <tr><td>compliance (instant, both files)</td><td>both</td><td>instant queries at seven times; both must fail
 *   alike or answer alike; {@code sort}/{@code topk}/{@code bottomk} results in the same order</td></tr>
 *   <tr><td>compliance (random)</td><td>{@link RandomQueries}, seed {@value #RANDOM_SEED_PROPERTY} (default
 *   {@value #DEFAULT_RANDOM_SEED}), count {@value #RANDOM_COUNT_PROPERTY} (default {@value
 *   #DEFAULT_RANDOM_COUNT})</td><td>range, on the aligned grid; must fail exactly when Prometheus fails</td></tr>
 * </table>
 *
 * <p>When both fail, the API error type must match; the message must match too, except for parse errors and
 * random queries (which of two duplicate series Prometheus names depends on Go's map order), where a different
 * message is only noted.
 *
 * <p>With {@code -Dpromethium.compliance.report-only=true} a failing query is reported as skipped, its diff as
 * the reason, so CI can run the suite without failing while a gap is being closed. Either way the run prints one
 * line per suite, {@code compliance: N passed, M failed, K skipped of T}, and writes failures with their diffs to
 * {@code compliance-report.txt} in the module's build directory. Queries whose answer changed between the
 * reference (Debian's 2.42) and 2.48 are skipped with the reason ({@link #KNOWN_VERSION_DIFFERENCES}).
 *
 * <p>Skipped as a whole when the Prometheus binaries are absent. Takes about a minute.
 */
@Tag("compliance")
class PromqlComplianceTest {
  static final long SEED = 20231031L;
  static final long DATA_START = DemoDataset.DEFAULT_START;
  static final long DATA_DURATION = Duration.ofHours(2).toMillis();
  /**
   * The query window: the last hour of data and four minutes past its end. Steps fall 1.9s after the scrape
   * grid so that a {@code [1s]} window holds instance :10001's sample (scraped ~1.7s after the grid) and not the
   * others': the 1s variants compare something.
   */
  static final long QUERY_START = DATA_START + Duration.ofMinutes(60).toMillis() + 1_900;
  static final long QUERY_END = DATA_START + DATA_DURATION + Duration.ofMinutes(4).toMillis() + 1_900;
  /** The tester's default resolution. */
  static final long STEP = 10_000;
  /**
   * Instant-query times: inside the window off the step grid, at the last scrape, while the series that ended
   * are within the lookback, and after all of them went stale. {@link #startReference} adds three more: exactly
   * 5m after a scrape of instance :10000, where {@code [5m]} ranges start on a sample (closed at both ends in
   * 2.x), and exactly 5m and 5m + 1ms after instance :10002's last scrape, the edge of the lookback.
   */
  static final List<Long> INSTANT_TIMES = new ArrayList<>(List.of(QUERY_START + 7 * 60_000 + 333,
      DATA_START + DATA_DURATION - 1_000, DATA_START + DATA_DURATION + 3 * 60_000 + 10_000,
      DATA_START + DATA_DURATION + 6 * 60_000));

  static final QuerySuite UPSTREAM = QuerySuite.range("compliance", "", QUERY_START, QUERY_END, STEP);
  /** The tester's window follows the wall clock, so step alignment must not matter: another step and phase. */
  static final QuerySuite UPSTREAM_GRID_B = QuerySuite.range("compliance (grid B)", "[grid B] ",
      DATA_START + Duration.ofMinutes(62).toMillis() + 3_700, DATA_START + Duration.ofMinutes(123).toMillis(), 15_000);
  /** The whole data span and ten minutes either side, 1m steps: series start and end inside the window. */
  static final QuerySuite UPSTREAM_GRID_C = QuerySuite.range("compliance (grid C)", "[grid C] ",
      DATA_START - Duration.ofMinutes(10).toMillis() + 500, DATA_START + DATA_DURATION + Duration.ofMinutes(10)
      .toMillis(), 60_000);
  static final QuerySuite EXTRA = QuerySuite.range("compliance (extra)", "[extra] ", QUERY_START, QUERY_END, STEP);
  /** Start and end on the 5s scrape grid (20m in, 2m before the end), 20s steps: aligned samples sit on edges. */
  static final long ALIGNED_START = DATA_START + Duration.ofMinutes(20).toMillis();
  static final long ALIGNED_END = DATA_START + DATA_DURATION - Duration.ofMinutes(2).toMillis();
  static final long ALIGNED_STEP = 20_000;
  static final QuerySuite EXTRA_ALIGNED = QuerySuite.range("compliance (extra, aligned grid)", "[aligned] ",
      ALIGNED_START, ALIGNED_END, ALIGNED_STEP);
  static final QuerySuite RANDOM = QuerySuite.rangeFollowingReference("compliance (random)", "[random] ",
      ALIGNED_START, ALIGNED_END, ALIGNED_STEP);
  static final String RANDOM_SEED_PROPERTY = "promethium.compliance.seed";
  static final String RANDOM_COUNT_PROPERTY = "promethium.compliance.random";
  static final long DEFAULT_RANDOM_SEED = 20261124L;
  static final int DEFAULT_RANDOM_COUNT = 100;
  /** {@code should_fail} is a range-query expectation (a bare range selector is fine here): not used. */
  static final QuerySuite INSTANT = QuerySuite.instant("compliance (instant, both files)", "[instant] ");

  static final String REPORT_ONLY = "promethium.compliance.report-only";
  static final String EXTRA_QUERIES = "compliance/extra-queries.yml";

  private static final String HEAP_TIES = "ties in topk/bottomk: 2.42 replaced the heap's top with Pop+Push, "
      + "2.44+ overwrites it and calls heap.Fix (prometheus/prometheus#12190), which keeps a different one of "
      + "two equal values";
  private static final String ATAN2_NAME =
      "atan2 keeps __name__ before 2.46 (prometheus/prometheus#12595 made it drop the name like other arithmetic)";

  /** Queries whose answer differs between the reference (2.42) and the 2.48 semantics we follow, with why. */
  static final Map<String, String> KNOWN_VERSION_DIFFERENCES = Map.of(
      "demo_memory_usage_bytes atan2 demo_memory_usage_bytes", ATAN2_NAME,
      "demo_num_cpus atan2 2", ATAN2_NAME,
      // At 00:26:51.9 two series tie at -2.5 for the second place; 2.42 picks :10002's, 2.48 :10000's.
      "bottomk(2, demo_special_values)", HEAP_TIES);

  @TempDir
  static Path work;

  private static ReferencePrometheus prometheus;
  private static ArrayStorage storage;
  private static DemoDataset dataset;
  private static EngineRunner engine;
  private static final ComplianceReport REPORT = new ComplianceReport();

  @BeforeAll
  static void startReference() throws IOException, InterruptedException {
    Assumptions.assumeTrue(ReferencePrometheus.available(),
        "the reference needs " + ReferencePrometheus.PROMETHEUS + " and " + ReferencePrometheus.PROMTOOL
            + " (Debian package prometheus)");
    dataset = DemoDataset.generate(DATA_START, DATA_DURATION, SEED);
    storage = new ArrayStorage();
    for (DemoDataset.GeneratedSeries s : dataset.allSeries()) {
      storage.put(new ArrayStorage.StoredSeries(s.labels(), s.t(), s.v(), s.t().length));
    }
    // Prometheus's defaults, except a timeout that ends a runaway query well before the suite's budget.
    engine = new EngineRunner(new Engine(new EngineOptions(Duration.ofMinutes(5), Duration.ofSeconds(30),
        50_000_000L, Duration.ofMinutes(1))));
    long lastOf10002 = lastScrape(dataset, "demo.promlabs.com:10002");
    INSTANT_TIMES.add(lastOf10002 + Duration.ofMinutes(5).toMillis());
    INSTANT_TIMES.add(lastOf10002 + Duration.ofMinutes(5).toMillis() + 1);
    INSTANT_TIMES.add(onBoundary(dataset));
    prometheus = ReferencePrometheus.start(dataset, work);
    RangeResult probe = prometheus.queryRange("demo_memory_usage_bytes", QUERY_START, QUERY_END, STEP);
    if (probe.failed() || probe.series().size() != 12) {
      throw new IllegalStateException("reference prometheus does not serve the backfilled data: "
          + (probe.failed() ? probe.error() : probe.series().size() + " series of demo_memory_usage_bytes, want 12")
          + "; log: " + prometheus.logTail());
    }
  }

  private static long lastScrape(DemoDataset data, String instance) {
    for (DemoDataset.GeneratedSeries s : data.allSeries()) {
      if (s.labels().metricName().equals("demo_num_cpus") && s.labels().get("instance").equals(instance)) {
        return s.t()[s.t().length - 1];
      }
    }
    throw new IllegalStateException("no demo_num_cpus for " + instance);
  }

  /** Five minutes after instance :10000's first scrape 20 minutes into the query window. */
  private static long onBoundary(DemoDataset data) {
    for (DemoDataset.GeneratedSeries s : data.allSeries()) {
      if (s.labels().metricName().equals("demo_memory_usage_bytes")) {
        int k = ArrayStorage.firstAtOrAfter(s.t(), s.t().length, QUERY_START + Duration.ofMinutes(20).toMillis());
        return s.t()[k] + Duration.ofMinutes(5).toMillis();
      }
    }
    throw new IllegalStateException("no demo_memory_usage_bytes in the data set");
  }

  @AfterAll
  static void stopAndReport() throws IOException {
    if (prometheus != null) {
      prometheus.close();
    }
    if (REPORT.isEmpty()) {
      return;
    }
    // The upstream line always (it is the score); the others when they ran.
    String summary = Stream.of(UPSTREAM, UPSTREAM_GRID_B, UPSTREAM_GRID_C, EXTRA, EXTRA_ALIGNED, INSTANT, RANDOM)
        .filter(s -> s == UPSTREAM || REPORT.total(s) > 0)
        .map(REPORT::summary)
        .collect(Collectors.joining("\n"));
    System.out.println(summary);
    String header = summary + "\n"
        + "data: " + Instant.ofEpochMilli(DATA_START) + " + " + Duration.ofMillis(DATA_DURATION) + ", seed " + SEED
        + "\nrange queries: " + UPSTREAM.grid() + "; grid B " + UPSTREAM_GRID_B.grid() + "; grid C "
        + UPSTREAM_GRID_C.grid() + "; aligned " + EXTRA_ALIGNED.grid()
        + "\nrandom queries: seed " + randomSeed() + " (-D" + RANDOM_SEED_PROPERTY + "=...), count " + randomCount()
        + "\ntolerance: relative " + ResultComparison.TOLERANCE + ", NaN == NaN\n";
    Path file = buildDir().resolve("compliance-report.txt");
    Files.writeString(file, REPORT.render(header), StandardCharsets.UTF_8);
    System.out.println("compliance report: " + file);
  }

  /** The module's build directory ({@code target} or the {@code -Dpromethium.target} one): test-classes' parent. */
  private static Path buildDir() {
    try {
      Path classes = Path.of(PromqlComplianceTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return classes.getParent();
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of(".");
    }
  }

  static Path queryFile() {
    String dir = System.getProperty("promethium.testdata");
    Path base = dir != null && !dir.isEmpty() ? Path.of(dir) : Path.of("../../shared/testdata");
    return base.resolve("compliance/promql-test-queries.yml");
  }

  private static List<ComplianceCases.Case> upstreamCases() throws IOException {
    Path file = queryFile();
    Assumptions.assumeTrue(Files.isRegularFile(file), "compliance query file absent: " + file.toAbsolutePath());
    return ComplianceCases.load(file);
  }

  private static List<ComplianceCases.Case> extraCases() throws IOException {
    try (InputStream in = PromqlComplianceTest.class.getResourceAsStream("/" + EXTRA_QUERIES)) {
      Assumptions.assumeTrue(in != null, EXTRA_QUERIES + " not on the test classpath");
      return ComplianceCases.load(new InputStreamReader(in, StandardCharsets.UTF_8), EXTRA_QUERIES);
    }
  }

  @TestFactory
  Stream<DynamicTest> queries() throws IOException {
    return dynamicTests(UPSTREAM, upstreamCases());
  }

  @TestFactory
  Stream<DynamicTest> queriesOnGridB() throws IOException {
    return dynamicTests(UPSTREAM_GRID_B, upstreamCases());
  }

  @TestFactory
  Stream<DynamicTest> queriesOnGridC() throws IOException {
    return dynamicTests(UPSTREAM_GRID_C, upstreamCases());
  }

  @TestFactory
  Stream<DynamicTest> extraQueries() throws IOException {
    return dynamicTests(EXTRA, extraCases());
  }

  @TestFactory
  Stream<DynamicTest> extraQueriesOnAlignedGrid() throws IOException {
    return dynamicTests(EXTRA_ALIGNED, extraCases());
  }

  /**
   * Seeded random queries ({@link RandomQueries}); whether each must fail is decided by the reference. More of
   * them: {@code -Dpromethium.compliance.seed=N -Dpromethium.compliance.random=800}.
   */
  @TestFactory
  Stream<DynamicTest> randomQueries() {
    long seed = randomSeed();
    System.out.println("random compliance queries, seed " + seed + " (-D" + RANDOM_SEED_PROPERTY + "=...)");
    List<ComplianceCases.Case> cases = new ArrayList<>();
    for (String q : new RandomQueries(seed).generate(randomCount())) {
      cases.add(new ComplianceCases.Case(q, false, false));
    }
    return dynamicTests(RANDOM, cases);
  }

  private static long randomSeed() {
    return Long.getLong(RANDOM_SEED_PROPERTY, DEFAULT_RANDOM_SEED);
  }

  private static int randomCount() {
    return Integer.getInteger(RANDOM_COUNT_PROPERTY, DEFAULT_RANDOM_COUNT);
  }

  @TestFactory
  Stream<DynamicTest> instantQueries() throws IOException {
    List<ComplianceCases.Case> cases = new ArrayList<>(upstreamCases());
    cases.addAll(extraCases());
    return dynamicTests(INSTANT, cases);
  }

  /**
   * The negative control: one sample changed by one part in ten thousand in a copy of our storage must show up
   * as a diff naming that series, so a green suite means the comparison really looked.
   */
  @Test
  void aChangedSampleIsReported() throws Exception {
    ArrayStorage altered = new ArrayStorage();
    DemoDataset.GeneratedSeries victim = null;
    for (DemoDataset.GeneratedSeries s : dataset.allSeries()) {
      double[] v = s.v();
      if (victim == null && s.labels().metricName().equals("demo_memory_usage_bytes")) {
        victim = s;
        v = v.clone();
        // The sample a step sees: the last one at or before it.
        int k = ArrayStorage.firstAtOrAfter(s.t(), s.t().length, QUERY_START + STEP * 30 + 1) - 1;
        v[k] *= 1.0001;
      }
      altered.put(new ArrayStorage.StoredSeries(s.labels(), s.t(), v, v.length));
    }
    String query = "demo_memory_usage_bytes";
    RangeResult ref = prometheus.queryRange(query, QUERY_START, QUERY_END, STEP);
    assertEquals("", ResultComparison.diff(ref, engine.range(storage, query, QUERY_START, QUERY_END, STEP)));
    String diff = ResultComparison.diff(ref, engine.range(altered, query, QUERY_START, QUERY_END, STEP));
    assertTrue(diff.contains(victim.labels().toString()), diff);
    assertTrue(diff.contains("promethium"), diff);
  }

  /**
   * The boundary instant really is one: in 2.x a {@code [5m]} range is closed at both ends, so it holds 61
   * five-second scrapes of instance :10000, on both sides.
   */
  @Test
  void lookbackIsClosedAtItsEdge() throws Exception {
    long edge = lastScrape(dataset, "demo.promlabs.com:10002") + Duration.ofMinutes(5).toMillis();
    String query = "demo_num_cpus{instance=\"demo.promlabs.com:10002\"}";
    assertEquals(1, prometheus.queryInstant(query, edge).series().size());
    assertEquals(0, prometheus.queryInstant(query, edge + 1).series().size());
    assertEquals(1, engine.instant(storage, query, edge).series().size());
    assertEquals(0, engine.instant(storage, query, edge + 1).series().size());
  }

  @Test
  void rangesAreClosedAtTheBoundaryInstant() throws Exception {
    long t = INSTANT_TIMES.get(INSTANT_TIMES.size() - 1);
    String query = "count_over_time(demo_num_cpus{instance=\"demo.promlabs.com:10000\"}[5m])";
    RangeResult ref = prometheus.queryInstant(query, t);
    assertEquals(61.0, ref.series().get(0).v()[0], ref.toString());
    assertEquals("", ResultComparison.diff(ref, engine.instant(storage, query, t)));
  }

  private static Stream<DynamicTest> dynamicTests(QuerySuite suite, List<ComplianceCases.Case> cases) {
    boolean reportOnly = Boolean.getBoolean(REPORT_ONLY);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.query(), () -> check(suite, c, reportOnly)));
  }

  private static void check(QuerySuite suite, ComplianceCases.Case c, boolean reportOnly) throws Exception {
    String known = KNOWN_VERSION_DIFFERENCES.get(c.query());
    Outcome o = known != null ? new Outcome(suite, c, Outcome.Status.SKIPPED, "2.42 vs 2.48: " + known)
        : suite.instant() ? evaluateInstant(suite, c) : evaluateRange(suite, c);
    REPORT.add(o);
    switch (o.status()) {
      case PASSED, NOTED -> { }
      case SKIPPED -> Assumptions.abort(o.detail());
      case FAILED -> {
        if (reportOnly) {
          Assumptions.abort("report-only: " + o.detail());
        }
        fail(o.detail());
      }
    }
  }

  private static Outcome evaluateRange(QuerySuite suite, ComplianceCases.Case c)
      throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    RangeResult ref = prometheus.queryRange(c.query(), suite.start(), suite.end(), suite.step());
    long t1 = System.nanoTime();
    RangeResult ours = engine.range(storage, c.query(), suite.start(), suite.end(), suite.step());
    REPORT.time(suite, c.query(), System.nanoTime() - t1, t1 - t0);
    boolean shouldFail = suite.followsReference() ? ref.failed() : c.shouldFail();
    if (ref.failed() != shouldFail) {
      return new Outcome(suite, c, Outcome.Status.FAILED, ref.failed()
          ? "  reference prometheus failed unexpectedly (test setup?): " + ref.error() + "\n"
          : "  reference prometheus succeeded but the case is should_fail\n");
    }
    if (ours.failed() != shouldFail) {
      return new Outcome(suite, c, Outcome.Status.FAILED, ours.failed()
          ? "  promethium failed: " + ours.error() + "\n"
          : "  promethium succeeded (" + ours.series().size() + " series) where prometheus failed: " + ref.error()
              + "\n");
    }
    if (shouldFail) {
      return errorOutcome(suite, c, ref, ours);
    }
    if (c.skipComparison()) {
      return new Outcome(suite, c, Outcome.Status.PASSED, "");
    }
    String diff = ResultComparison.diff(ref, ours);
    long points = ref.series().stream().mapToLong(x -> x.t().length).sum();
    return new Outcome(suite, c, diff.isEmpty() ? Outcome.Status.PASSED : Outcome.Status.FAILED, diff,
        ref.series().size(), points);
  }

  /**
   * Both failed: the API error type (which decides the HTTP status) must match, and so must the message, except
   * that a parse error's wording or a random query's message is only noted. Errors are {@code <type>:
   * <message>} on both sides ({@link EngineRunner} spells our kinds in upper case).
   */
  private static Outcome errorOutcome(QuerySuite suite, ComplianceCases.Case c, RangeResult ref, RangeResult ours) {
    String[] a = ref.error().split(": ", 2);
    String[] b = ours.error().split(": ", 2);
    if (!a[0].equalsIgnoreCase(b[0])) {
      return new Outcome(suite, c, Outcome.Status.FAILED, "  error type: prometheus " + a[0] + ", promethium "
          + b[0].toLowerCase(java.util.Locale.ROOT) + "\n    prometheus: " + ref.error() + "\n    promethium: "
          + ours.error() + "\n");
    }
    String ma = a.length > 1 ? a[1] : "";
    String mb = b.length > 1 ? b[1] : "";
    if (ma.equals(mb)) {
      return new Outcome(suite, c, Outcome.Status.PASSED, "");
    }
    boolean strict = !suite.followsReference() && !ma.contains("parse error");
    return new Outcome(suite, c, strict ? Outcome.Status.FAILED : Outcome.Status.NOTED, "  error message:\n"
        + "    prometheus: " + ma + "\n    promethium: " + mb + "\n");
  }

  /** Runs {@code c} at every instant time; at each, both must fail or both answer alike. */
  private static Outcome evaluateInstant(QuerySuite suite, ComplianceCases.Case c)
      throws IOException, InterruptedException {
    StringBuilder diffs = new StringBuilder();
    StringBuilder notes = new StringBuilder();
    int series = 0;
    long points = 0;
    for (long t : INSTANT_TIMES) {
      long t0 = System.nanoTime();
      RangeResult ref = prometheus.queryInstant(c.query(), t);
      long t1 = System.nanoTime();
      RangeResult ours = engine.instant(storage, c.query(), t);
      REPORT.time(suite, c.query(), System.nanoTime() - t1, t1 - t0);
      String d;
      if (ref.failed() != ours.failed()) {
        d = ref.failed()
            ? "  prometheus failed (" + ref.error() + "), promethium answered " + ours.series().size() + " series\n"
            : "  promethium failed: " + ours.error() + "\n";
      } else if (ref.failed()) {
        // /api/v1/query wraps parse errors as an invalid "query" parameter (query_range does not): that prefix
        // is the HTTP API's to add, not the engine's.
        Outcome e = errorOutcome(suite, c,
            RangeResult.failure(ref.error().replace("invalid parameter \"query\": ", "")), ours);
        d = e.status() == Outcome.Status.FAILED ? e.detail() : "";
        if (e.status() == Outcome.Status.NOTED) {
          notes.append("  at ").append(Instant.ofEpochMilli(t)).append(":\n").append(e.detail());
        }
      } else {
        d = ResultComparison.diff(ref, ours);
        String top = c.query().strip();
        if (d.isEmpty() && (top.startsWith("sort") || top.startsWith("topk") || top.startsWith("bottomk"))) {
          // The tester sorts results before comparing; the order of sort, topk and bottomk is part of the answer.
          d = ResultComparison.orderDiff(ref, ours);
        }
        series += ref.series().size();
        points += ref.series().stream().mapToLong(x -> x.t().length).sum();
      }
      if (!d.isEmpty()) {
        diffs.append("  at ").append(Instant.ofEpochMilli(t)).append(":\n").append(d);
      }
    }
    if (!diffs.isEmpty()) {
      return new Outcome(suite, c, Outcome.Status.FAILED, diffs.toString(), series, points);
    }
    return new Outcome(suite, c, notes.isEmpty() ? Outcome.Status.PASSED : Outcome.Status.NOTED, notes.toString(),
        series, points);
  }
}
