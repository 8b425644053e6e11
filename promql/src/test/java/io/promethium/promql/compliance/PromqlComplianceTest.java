package io.promethium.promql.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.promethium.promql.engine.Engine;
import io.promethium.promql.engine.EngineOptions;
import io.promethium.promql.engine.QueryException;
import io.promethium.promql.engine.QueryResult;
import io.promethium.promql.value.Matrix;
import io.promethium.promql.value.RangeSeries;
import io.promethium.promql.value.Sample;
import io.promethium.promql.value.Scalar;
import io.promethium.promql.value.StringValue;
import io.promethium.promql.value.Value;
import io.promethium.promql.value.Vector;
import io.promethium.core.labels.Labels;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
 * The PromQL compliance tester's query suite ({@code compliance/promql-test-queries.yml} of the shared test
 * data, about 550 queries once expanded), run as range queries on our {@link Engine} over an {@link
 * ArrayStorage} and on the real Prometheus ({@code /usr/bin/prometheus}, backfilled by {@code promtool}) over
 * the same {@link DemoDataset}, compared as the tester compares them ({@link ResultComparison}). One dynamic
 * test per query; a query marked {@code should_fail} must fail on both.
 *
 * <p>With {@code -Dpromethium.compliance.report-only=true} a failing query is reported as skipped, its diff as
 * the reason, so the suite can run in CI while the gap is being closed. Either way the run ends with the line
 * {@code compliance: N passed, M failed, K skipped of T} and writes every failing query with its diff to
 * {@code compliance-report.txt} in the module's build directory.
 *
 * <p>Skipped as a whole when the Prometheus binaries are absent.
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

  /** A query suite on one grid of steps; {@code tag} marks its lines in the report. */
  record Suite(String name, String tag, long start, long end, long step, boolean instant) {
    Suite(String name, String tag, long start, long end, long step) {
      this(name, tag, start, end, step, false);
    }

    String grid() {
      return Instant.ofEpochMilli(start) + " .. " + Instant.ofEpochMilli(end) + " step " + step + "ms";
    }
  }

  /** The upstream suite on the main grid: its summary line is the one that counts. */
  static final Suite UPSTREAM = new Suite("compliance", "", QUERY_START, QUERY_END, STEP);
  /**
   * The upstream suite again with another step and phase (15s steps 3.7s after the scrape grid): the tester's
   * window depends on the wall clock, so alignment must not matter.
   */
  static final Suite UPSTREAM_GRID_B = new Suite("compliance (grid B)", "[grid B] ",
      DATA_START + Duration.ofMinutes(62).toMillis() + 3_700, DATA_START + Duration.ofMinutes(123).toMillis(), 15_000);
  /** Our extra queries ({@code compliance/extra-queries.yml} on the test classpath), main grid. */
  static final Suite EXTRA = new Suite("compliance (extra)", "[extra] ", QUERY_START, QUERY_END, STEP);
  /**
   * Instant-query times (the HTTP API's {@code /api/v1/query} path): inside the window off the step grid, at the
   * last scrape, while the ended series are within the lookback, and after all of them went stale.
   */
  static final long[] INSTANT_TIMES = {QUERY_START + 7 * 60_000 + 333, DATA_START + DATA_DURATION - 1_000,
      DATA_START + DATA_DURATION + 3 * 60_000 + 10_000, DATA_START + DATA_DURATION + 6 * 60_000};
  /**
   * Both query files as instant queries at {@link #INSTANT_TIMES}. {@code should_fail} is a range-query
   * expectation (a bare range selector is fine here), so this suite asks only that both fail or both answer
   * alike.
   */
  static final Suite INSTANT = new Suite("compliance (instant, both files)", "[instant] ", 0, 0, 0, true);
  static final String REPORT_ONLY = "promethium.compliance.report-only";

  private static final String HEAP_TIES = "ties in topk/bottomk: 2.42 replaced the heap's top with Pop+Push, "
      + "2.44+ overwrites it and calls heap.Fix (prometheus/prometheus#12190), which keeps a different one of "
      + "two equal values";
  private static final String ATAN2_NAME =
      "atan2 keeps __name__ before 2.46 (prometheus/prometheus#12595 made it drop the name like other arithmetic)";

  /**
   * Queries whose answer differs between the reference Prometheus here (Debian's 2.42) and the 2.48 semantics
   * we follow, each with the reason. Compared queries are skipped, never silently passed.
   */
  static final Map<String, String> KNOWN_VERSION_DIFFERENCES = Map.of(
      "demo_memory_usage_bytes atan2 demo_memory_usage_bytes", ATAN2_NAME,
      "demo_num_cpus atan2 2", ATAN2_NAME,
      // At 00:26:51.9 two series tie at -2.5 for the second place; 2.42 picks :10002's, 2.48 :10000's.
      "bottomk(2, demo_special_values)", HEAP_TIES);

  enum Status { PASSED, FAILED, SKIPPED }

  /** One query's verdict; {@code points} counts the reference's points compared (0 for failures by design). */
  record Outcome(Suite suite, ComplianceCases.Case testCase, Status status, String detail, int series,
      long points) {
    Outcome(Suite suite, ComplianceCases.Case testCase, Status status, String detail) {
      this(suite, testCase, status, detail, 0, 0);
    }
  }

  @TempDir
  static Path work;

  private static ReferencePrometheus prometheus;
  private static ArrayStorage storage;
  private static DemoDataset dataset;
  private static Engine engine;
  private static final List<Outcome> OUTCOMES = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void startReference() throws IOException, InterruptedException {
    Assumptions.assumeTrue(ReferencePrometheus.available(),
        "the reference needs " + ReferencePrometheus.PROMETHEUS + " and " + ReferencePrometheus.PROMTOOL
            + " (Debian package prometheus)");
    DemoDataset data = DemoDataset.generate(DATA_START, DATA_DURATION, SEED);
    storage = new ArrayStorage();
    for (DemoDataset.GeneratedSeries s : data.allSeries()) {
      storage.put(new ArrayStorage.StoredSeries(s.labels(), s.t(), s.v(), s.t().length));
    }
    engine = new Engine(new EngineOptions(Duration.ofMinutes(5), Duration.ofSeconds(30), 50_000_000L,
        Duration.ofMinutes(1)));
    prometheus = ReferencePrometheus.start(data, work);
    dataset = data;
    RangeResult probe = prometheus.queryRange("demo_memory_usage_bytes", QUERY_START, QUERY_END, STEP);
    if (probe.failed() || probe.series().size() != 12) {
      throw new IllegalStateException("reference prometheus does not serve the backfilled data: "
          + (probe.failed() ? probe.error() : probe.series().size() + " series of demo_memory_usage_bytes, want 12")
          + "; log: " + prometheus.logTail());
    }
  }

  /**
   * The negative control: one sample changed by one part in ten thousand in a copy of our storage must show up
   * as a diff naming that series and time, so a green suite means the comparison really looked.
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
    RangeResult same = runEngine(storage, query, UPSTREAM);
    RangeResult changed = runEngine(altered, query, UPSTREAM);
    assertEquals("", ResultComparison.diff(ref, same));
    String diff = ResultComparison.diff(ref, changed);
    assertTrue(diff.contains(victim.labels().toString()), diff);
    assertTrue(diff.contains("promethium"), diff);
  }

  @AfterAll
  static void stopAndReport() throws IOException {
    if (prometheus != null) {
      prometheus.close();
    }
    if (OUTCOMES.isEmpty()) {
      return;
    }
    String summary = summary(UPSTREAM) + "\n" + summary(UPSTREAM_GRID_B) + "\n" + summary(EXTRA) + "\n"
        + summary(INSTANT);
    System.out.println(summary);
    StringBuilder report = new StringBuilder();
    report.append(summary).append('\n')
        .append("data: ").append(Instant.ofEpochMilli(DATA_START)).append(" + ")
        .append(Duration.ofMillis(DATA_DURATION)).append(", seed ").append(SEED).append('\n')
        .append("range queries: ").append(UPSTREAM.grid()).append("; grid B ").append(UPSTREAM_GRID_B.grid())
        .append('\n')
        .append("tolerance: relative ").append(ResultComparison.TOLERANCE).append(", NaN == NaN\n\n");
    for (Status st : new Status[] {Status.FAILED, Status.SKIPPED}) {
      for (Outcome o : OUTCOMES) {
        if (o.status() == st) {
          report.append(st).append(' ').append(o.suite().tag()).append(o.testCase().query()).append('\n')
              .append(o.detail()).append('\n');
        }
      }
    }
    report.append("PASSED (series, points compared):\n");
    for (Outcome o : OUTCOMES) {
      if (o.status() == Status.PASSED) {
        report.append("  ").append(o.series()).append('\t').append(o.points()).append('\t')
            .append(o.suite().tag()).append(o.testCase().query()).append('\n');
      }
    }
    Path file = buildDir().resolve("compliance-report.txt");
    Files.writeString(file, report.toString(), StandardCharsets.UTF_8);
    System.out.println("compliance report: " + file);
  }

  /** {@code <suite>: N passed, M failed, K skipped of T}. */
  private static String summary(Suite suite) {
    long[] n = new long[Status.values().length];
    long total = 0;
    synchronized (OUTCOMES) {
      for (Outcome o : OUTCOMES) {
        if (o.suite().equals(suite)) {
          n[o.status().ordinal()]++;
          total++;
        }
      }
    }
    return suite.name() + ": " + n[Status.PASSED.ordinal()] + " passed, " + n[Status.FAILED.ordinal()] + " failed, "
        + n[Status.SKIPPED.ordinal()] + " skipped of " + total;
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

  @TestFactory
  Stream<DynamicTest> queries() throws IOException {
    Path file = queryFile();
    Assumptions.assumeTrue(Files.isRegularFile(file), "compliance query file absent: " + file.toAbsolutePath());
    List<ComplianceCases.Case> cases = ComplianceCases.load(file);
    return dynamicTests(UPSTREAM, cases);
  }

  @TestFactory
  Stream<DynamicTest> queriesOnGridB() throws IOException {
    Path file = queryFile();
    Assumptions.assumeTrue(Files.isRegularFile(file), "compliance query file absent: " + file.toAbsolutePath());
    return dynamicTests(UPSTREAM_GRID_B, ComplianceCases.load(file));
  }

  @TestFactory
  Stream<DynamicTest> extraQueries() throws IOException {
    return dynamicTests(EXTRA, extraCases());
  }

  @TestFactory
  Stream<DynamicTest> instantQueries() throws IOException {
    Path file = queryFile();
    Assumptions.assumeTrue(Files.isRegularFile(file), "compliance query file absent: " + file.toAbsolutePath());
    List<ComplianceCases.Case> cases = new ArrayList<>(ComplianceCases.load(file));
    cases.addAll(extraCases());
    return dynamicTests(INSTANT, cases);
  }

  private static List<ComplianceCases.Case> extraCases() throws IOException {
    try (InputStream in = PromqlComplianceTest.class.getResourceAsStream("/compliance/extra-queries.yml")) {
      Assumptions.assumeTrue(in != null, "compliance/extra-queries.yml not on the test classpath");
      return ComplianceCases.load(new InputStreamReader(in, StandardCharsets.UTF_8), "compliance/extra-queries.yml");
    }
  }

  private static Stream<DynamicTest> dynamicTests(Suite suite, List<ComplianceCases.Case> cases) {
    boolean reportOnly = Boolean.getBoolean(REPORT_ONLY);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.query(), () -> check(suite, c, reportOnly)));
  }

  private static void check(Suite suite, ComplianceCases.Case c, boolean reportOnly) throws Exception {
    Outcome o = evaluate(suite, c);
    OUTCOMES.add(o);
    switch (o.status()) {
      case PASSED -> { }
      case SKIPPED -> Assumptions.abort(o.detail());
      case FAILED -> {
        if (reportOnly) {
          Assumptions.abort("report-only: " + o.detail());
        }
        fail(o.detail());
      }
    }
  }

  private static Outcome evaluate(Suite suite, ComplianceCases.Case c) throws IOException, InterruptedException {
    String known = KNOWN_VERSION_DIFFERENCES.get(c.query());
    if (known != null) {
      return new Outcome(suite, c, Status.SKIPPED, "2.42 vs 2.48: " + known);
    }
    if (suite.instant()) {
      return evaluateInstant(suite, c);
    }
    RangeResult ref = prometheus.queryRange(c.query(), suite.start(), suite.end(), suite.step());
    RangeResult ours = runEngine(storage, c.query(), suite);
    if (ref.failed() != c.shouldFail()) {
      return new Outcome(suite, c, Status.FAILED, ref.failed()
          ? "reference prometheus failed unexpectedly (test setup?): " + ref.error() + "\n"
          : "reference prometheus succeeded but the case is should_fail\n");
    }
    if (ours.failed() != c.shouldFail()) {
      return new Outcome(suite, c, Status.FAILED, ours.failed()
          ? "  promethium failed: " + ours.error() + "\n"
          : "  promethium succeeded (" + ours.series().size() + " series) where prometheus failed: " + ref.error()
              + "\n");
    }
    if (c.shouldFail() || c.skipComparison()) {
      return new Outcome(suite, c, Status.PASSED, "");
    }
    String diff = ResultComparison.diff(ref, ours);
    long points = ref.series().stream().mapToLong(x -> x.t().length).sum();
    return new Outcome(suite, c, diff.isEmpty() ? Status.PASSED : Status.FAILED, diff, ref.series().size(), points);
  }

  /** Runs {@code c} at every instant time; both must fail alike or answer alike at each. */
  private static Outcome evaluateInstant(Suite suite, ComplianceCases.Case c) throws IOException,
      InterruptedException {
    StringBuilder diffs = new StringBuilder();
    int series = 0;
    long points = 0;
    for (long t : INSTANT_TIMES) {
      RangeResult ref = prometheus.queryInstant(c.query(), t);
      RangeResult ours = runEngineInstant(c.query(), t);
      String d;
      if (ref.failed() != ours.failed()) {
        d = ref.failed()
            ? "  prometheus failed (" + ref.error() + "), promethium answered " + ours.series().size() + " series\n"
            : "  promethium failed: " + ours.error() + "\n";
      } else {
        d = ref.failed() ? "" : ResultComparison.diff(ref, ours);
        series += ref.series().size();
        points += ref.series().stream().mapToLong(x -> x.t().length).sum();
      }
      if (!d.isEmpty()) {
        diffs.append("  at ").append(Instant.ofEpochMilli(t)).append(":\n").append(d);
      }
    }
    return new Outcome(suite, c, diffs.isEmpty() ? Status.PASSED : Status.FAILED, diffs.toString(), series, points);
  }

  private static RangeResult runEngineInstant(String query, long t) {
    try {
      Value v = engine.instantQuery(storage, query, t).value();
      if (v instanceof Scalar s) {
        return RangeResult.success("scalar", List.of(new RangeResult.Series(Labels.EMPTY, new long[] {s.timestamp()},
            new double[] {s.value()})));
      }
      if (v instanceof StringValue s) {
        return RangeResult.success("string", List.of(new RangeResult.Series(Labels.of("value", s.value()),
            new long[] {s.timestamp()}, new double[] {0})));
      }
      if (v instanceof Vector vec) {
        List<RangeResult.Series> out = new ArrayList<>(vec.samples().size());
        for (Sample s : vec.samples()) {
          out.add(new RangeResult.Series(s.labels(), new long[] {s.timestamp()}, new double[] {s.value()}));
        }
        return RangeResult.success("vector", out);
      }
      return RangeResult.success("matrix", toSeries((Matrix) v));
    } catch (QueryException e) {
      return RangeResult.failure(e.kind() + ": " + e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      return RangeResult.failure("crashed: " + e);
    }
  }

  private static List<RangeResult.Series> toSeries(Matrix m) {
    List<RangeResult.Series> out = new ArrayList<>(m.series().size());
    for (RangeSeries s : m.series()) {
      out.add(new RangeResult.Series(s.labels(), Arrays.copyOf(s.timestamps(), s.size()),
          Arrays.copyOf(s.values(), s.size())));
    }
    return out;
  }

  private static RangeResult runEngine(ArrayStorage on, String query, Suite suite) {
    try {
      QueryResult r = engine.rangeQuery(on, query, suite.start(), suite.end(), suite.step());
      if (!(r.value() instanceof Matrix m)) {
        return RangeResult.failure("range query returned " + r.value().getClass().getSimpleName());
      }
      return RangeResult.success(toSeries(m));
    } catch (QueryException e) {
      return RangeResult.failure(e.kind() + ": " + e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      return RangeResult.failure("crashed: " + e);
    }
  }
}
