package io.promethium.promql.promqltest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.promql.engine.Engine;
import io.promethium.promql.engine.EngineOptions;
import io.promethium.promql.engine.QueryException;
import io.promethium.promql.value.Matrix;
import io.promethium.promql.value.RangeSeries;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The PromQL compliance suite against the real Prometheus: synthetic demo data is backfilled with
 * {@code promtool} into a data directory served by {@code /usr/bin/prometheus} on a loopback port, and
 * loaded into a {@link MemoryStorage}; every expanded query of {@code compliance/promql-test-queries.yml}
 * runs as a range query on both and the results must match as the compliance tester compares them
 * (labels exactly, values within a relative 1e-5, NaN equal to NaN). Skipped when the binaries are absent.
 */
class ComplianceTest {
  /** The compliance tester's variant values ({@code promql/testcases/expand.go}). */
  static final Map<String, List<String>> VARIANTS = Map.ofEntries(
      Map.entry("range", List.of("1s", "15s", "1m", "5m", "15m", "1h")),
      Map.entry("offset", List.of("1m", "5m", "10m")),
      Map.entry("simpleAggrOp", List.of("sum", "avg", "max", "min", "count", "stddev", "stdvar")),
      Map.entry("simpleTimeAggrOp", List.of("sum", "avg", "max", "min", "count", "stddev", "stdvar", "absent", "last")),
      Map.entry("topBottomOp", List.of("topk", "bottomk")),
      Map.entry("quantile", List.of("-0.5", "0.1", "0.5", "0.75", "0.95", "0.90", "0.99", "1", "1.5")),
      Map.entry("arithBinOp", List.of("+", "-", "*", "/", "%", "^")),
      Map.entry("compBinOp", List.of("==", "!=", "<", ">", "<=", ">=")),
      Map.entry("binOp", List.of("+", "-", "*", "/", "%", "^", "==", "!=", "<", ">", "<=", ">=")),
      Map.entry("simpleMathFunc", List.of("abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "round")),
      Map.entry("extrapolatedRateFunc", List.of("delta", "rate", "increase")),
      Map.entry("clampFunc", List.of("clamp_min", "clamp_max")),
      Map.entry("instantRateFunc", List.of("idelta", "irate")),
      Map.entry("dateFunc", List.of("day_of_month", "day_of_week", "days_in_month", "hour", "minute", "month", "year")),
      Map.entry("smoothingFactor", List.of("0.1", "0.5", "0.8")),
      Map.entry("trendFactor", List.of("0.1", "0.5", "0.8")));

  /** Queries whose answer changed between the reference (2.42) and the semantics we follow (2.48). */
  static final Set<String> KNOWN_DIFFERENCES = Set.of();

  /**
   * Queries beyond the upstream set, for features it does not reach (subqueries with {@code @}, set
   * operators, holt_winters, count_values in range mode, ...), compared the same way. All exist in 2.42.
   * A leading {@code !} marks a query that must fail on both.
   */
  static final List<String> EXTRA_QUERIES = List.of(
      "holt_winters(demo_disk_usage_bytes[10m], 0.5, 0.3)",
      "holt_winters(demo_memory_usage_bytes[5m], 0.1, 0.9)",
      "quantile_over_time(0.3, demo_cpu_usage_seconds_total[3m])",
      "stddev_over_time(demo_memory_usage_bytes[10m])",
      "absent_over_time(demo_intermittent_metric[1m])",
      "absent_over_time(nonexistent{job=\"x\"}[1m])",
      "present_over_time(demo_intermittent_metric[2m])",
      "last_over_time(demo_intermittent_metric[7m])",
      "changes(demo_intermittent_metric[3m])",
      "demo_intermittent_metric offset 3m",
      "count_values(\"cpus\", demo_num_cpus)",
      "count_values without(instance) (\"cpus\", demo_num_cpus)",
      "topk(2, rate(demo_cpu_usage_seconds_total[1m]))",
      "bottomk by(mode) (1, rate(demo_cpu_usage_seconds_total[1m]))",
      "topk(scalar(max(demo_num_cpus)) / 4, demo_memory_usage_bytes)",
      "quantile by(type) (0.3, demo_memory_usage_bytes)",
      "group by(type) (demo_memory_usage_bytes)",
      "stddev without(instance) (rate(demo_cpu_usage_seconds_total[5m]))",
      "demo_memory_usage_bytes and on(instance) (demo_num_cpus > 4)",
      "demo_memory_usage_bytes unless on(instance) (demo_num_cpus > 4)",
      "demo_num_cpus or demo_intermittent_metric",
      "demo_intermittent_metric or on(instance) demo_num_cpus",
      "demo_memory_usage_bytes / ignoring(type) group_left demo_num_cpus",
      "demo_num_cpus * on(instance) group_right demo_memory_usage_bytes",
      "sum by(instance) (demo_memory_usage_bytes) / on(instance) group_left(job) demo_num_cpus",
      "rate(demo_cpu_usage_seconds_total[5m] @ end())",
      "demo_memory_usage_bytes @ start()",
      "sum_over_time(demo_num_cpus[10m] @ end() offset 10m)",
      "max_over_time(rate(demo_cpu_usage_seconds_total[1m])[10m:30s] @ end())",
      "min_over_time(rate(demo_cpu_usage_seconds_total[1m])[7m:45s] offset 2m)",
      "avg_over_time(demo_memory_usage_bytes[5m:])",
      "deriv(rate(demo_disk_usage_bytes[1m])[5m:20s])",
      "rate(demo_api_request_duration_seconds_count[2m])",
      "histogram_quantile(0.5, sum by(le, method) (rate(demo_api_request_duration_seconds_bucket[5m])))",
      "histogram_quantile(0.99, rate(demo_api_request_duration_seconds_bucket{status=\"500\"}[30s]))",
      "predict_linear(demo_disk_usage_bytes[10m] offset 5m, 3600)",
      "timestamp(demo_num_cpus offset 1m)",
      "timestamp(demo_intermittent_metric)",
      "idelta(demo_memory_usage_bytes[30s])",
      "resets(demo_cpu_usage_seconds_total[30m])",
      "demo_memory_usage_bytes atan2 on(instance, job, type) demo_memory_usage_bytes",
      "-demo_memory_usage_bytes % 7",
      "demo_memory_usage_bytes % -3",
      "demo_num_cpus ^ 0.5 - 1",
      "2 ^ -demo_num_cpus",
      "sgn(demo_memory_usage_bytes - 2e9)",
      "sin(demo_num_cpus) + cos(demo_num_cpus) * tan(demo_num_cpus)",
      "asin(demo_num_cpus / 100) + acos(demo_num_cpus / 100) + atan(demo_num_cpus)",
      "sinh(demo_num_cpus) - cosh(demo_num_cpus) + tanh(demo_num_cpus)",
      "asinh(demo_num_cpus) + acosh(demo_num_cpus) + atanh(demo_num_cpus / 100)",
      "deg(demo_num_cpus) + rad(demo_num_cpus)",
      "round(demo_memory_usage_bytes, 1000)",
      "round(rate(demo_cpu_usage_seconds_total[1m]), 0.1)",
      "scalar(demo_num_cpus)",
      "scalar(sum(demo_num_cpus))",
      "sort_desc(demo_memory_usage_bytes)",
      "label_join(demo_num_cpus, \"x\", \",\", \"job\", \"instance\", \"nonexistent\")",
      "label_replace(demo_memory_usage_bytes, \"t\", \"${1}x-$1x\", \"type\", \"(.)(.*)\")",
      "day_of_year(demo_batch_last_success_timestamp_seconds)",
      "minute(timestamp(demo_num_cpus))",
      "absent(demo_num_cpus{job=\"demo\", instance=\"nope\"})",
      "vector(time()) - on() group_right demo_batch_last_success_timestamp_seconds",
      "sum(demo_num_cpus) by (job) > bool 20",
      "demo_num_cpus == bool on(instance) demo_num_cpus",
      "count(demo_memory_usage_bytes > 3e9) by (instance)",
      "max(demo_memory_usage_bytes) without (type) - min(demo_memory_usage_bytes) without (type)",
      "increase(demo_api_request_duration_seconds_bucket{le=\"+Inf\"}[90s])",
      "delta(demo_batch_last_success_timestamp_seconds[10m])",
      "irate(demo_cpu_usage_seconds_total[20s])",
      "rate(demo_cpu_usage_seconds_total[15s])",
      "!sum(rate({__name__=~\"demo_api_request_duration_seconds_(sum|count)\"}[5m])) by (__name__)",
      "{__name__=~\"demo_.*_total\", mode=\"idle\"}",
      "demo_memory_usage_bytes{type=~\"(free|used)\"} offset -2m",
      "count_over_time(demo_aligned_counter_total[20s])",
      "rate(demo_aligned_counter_total[1m])",
      "increase(demo_aligned_counter_total[15s] offset 5s)",
      "demo_aligned_counter_total offset 5m",
      "last_over_time(demo_aligned_counter_total[5s])",
      "sum_over_time(demo_aligned_counter_total[10s:5s])",
      "max_over_time(demo_aligned_counter_total[1m:10s] offset 10s)",
      "demo_aligned_counter_total @ 1000",
      "!label_replace(demo_num_cpus, \"instance\", \"\", \"\", \"\")",
      "!{__name__=~\"demo_num_cpus|demo_disk_usage_bytes\"} * 2",
      "!-{__name__=~\"demo_num_cpus|demo_disk_usage_bytes\"}",
      "!demo_memory_usage_bytes + on(instance) demo_memory_usage_bytes",
      "!demo_memory_usage_bytes + on(instance) group_left demo_memory_usage_bytes");

  static final int RANDOM_QUERIES = 100;

  /** Instant-only shapes: range vectors and subqueries as results, strings, ordered results. */
  static final List<String> INSTANT_QUERIES = List.of(
      "demo_memory_usage_bytes[1m]",
      "demo_cpu_usage_seconds_total{mode=\"idle\"}[30s] offset 1m",
      "demo_aligned_counter_total[20s]",
      "rate(demo_cpu_usage_seconds_total[1m])[5m:1m]",
      "demo_num_cpus[3m:45s] offset 2m",
      "(demo_intermittent_metric)[10m:2m]",
      "\"a string\"",
      "sort(demo_memory_usage_bytes)",
      "sort_desc(rate(demo_cpu_usage_seconds_total[5m]))",
      "topk(4, demo_memory_usage_bytes)",
      "bottomk by (instance) (2, demo_memory_usage_bytes)",
      "topk(2, sum by (instance, type) (demo_memory_usage_bytes))");

  /** A query; {@code shouldFail} null means "fail exactly when the reference fails". */
  record TestCase(String query, Boolean shouldFail) {}

  record Series(Labels labels, long[] t, double[] v) {}

  @TempDir
  Path tmp;

  /** Queries whose reference answer had at least one series: guards against comparing empty with empty. */
  private int nonEmpty;

  @Test
  void matchesRealPrometheus() throws Exception {
    Path prometheus = Path.of("/usr/bin/prometheus");
    Path promtool = Path.of("/usr/bin/promtool");
    Assumptions.assumeTrue(Files.isExecutable(prometheus) && Files.isExecutable(promtool),
        "the real prometheus and promtool are not installed (Debian package prometheus)");
    Path queries = PromqlTestFilesTest.testdataDir().resolve("compliance/promql-test-queries.yml");
    Assumptions.assumeTrue(Files.isRegularFile(queries), "compliance queries not found at " + queries);

    long hour = 3_600_000;
    long base = (System.currentTimeMillis() - 4 * hour) / hour * hour;
    DemoData data = new DemoData(base, 2 * hour, 42);
    Path om = tmp.resolve("demo.om");
    data.writeOpenMetrics(om);
    Path dataDir = tmp.resolve("data");
    run(List.of(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", om.toString(), dataDir.toString()),
        120);
    Files.delete(om);
    MemoryStorage storage = new MemoryStorage();
    data.loadInto(storage);

    List<TestCase> cases = new ArrayList<>(expand(queries));
    for (String q : EXTRA_QUERIES) {
      cases.add(q.startsWith("!") ? new TestCase(q.substring(1), true) : new TestCase(q, false));
    }
    // Random queries: whether they fail is decided by the reference (null = follow Prometheus).
    long seed = Long.getLong("promethium.compliance.seed", 20261124L);
    System.out.println("random compliance queries, seed " + seed + " (-Dpromethium.compliance.seed=...)");
    for (String q : new RandomQueries(seed).generate(Integer.getInteger("promethium.compliance.random", RANDOM_QUERIES))) {
      cases.add(new TestCase(q, null));
    }
    Engine engine = new Engine(EngineOptions.defaults());
    long start = base + 20 * 60_000;
    long end = data.end - 2 * 60_000;
    long step = 20_000;

    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 5s\n  evaluation_interval: 1m\n");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dataDir, "--web.listen-address=127.0.0.1:" + port,
        "--storage.tsdb.retention.time=100y")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
    List<String> failures = new ArrayList<>();
    int passed = 0;
    int skipped = 0;
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      waitReady(http, port, server);
      for (TestCase tc : cases) {
        if (KNOWN_DIFFERENCES.contains(tc.query())) {
          skipped++;
          continue;
        }
        String diff = compare(http, port, engine, storage, tc, start, end, step);
        if (diff == null && tc.shouldFail() != null) {
          // Not for random queries: their topk-free mix is already covered in range mode.
          for (long t : new long[] {base + 45 * 60_000 + 2_500}) {
            diff = compareInstant(http, port, engine, storage, tc.query(), t);
            if (diff != null) {
              diff = "instant query at " + t + ": " + diff;
              break;
            }
          }
        }
        if (diff == null) {
          passed++;
        } else {
          failures.add(tc.query() + ": " + diff);
        }
      }
      for (String q : INSTANT_QUERIES) {
        String diff = compareInstant(http, port, engine, storage, q, end - 1_234);
        if (diff == null) {
          passed++;
        } else {
          failures.add(q + ": instant query: " + diff);
        }
      }
    } finally {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    int total = cases.size() + INSTANT_QUERIES.size() - skipped;
    System.out.printf("PromQL compliance vs Prometheus 2.42: %d/%d passed (%.1f%%), %d skipped as known differences,"
        + " %d with non-empty results, %d samples%n", passed, total, 100.0 * passed / total, skipped, nonEmpty,
        data.sampleCount());
    assertTrue(nonEmpty > total / 2, "too few queries returned data (" + nonEmpty + "): is the backfill broken?");
    failures.stream().limit(40).forEach(f -> System.out.println("  FAIL " + f));
    assertTrue(failures.isEmpty(), failures.size() + " of " + total + " compliance queries differ; first: "
        + failures.stream().limit(5).toList());
  }

  private static void run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(cmd + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
  }

  private static void waitReady(HttpClient http, int port, Process server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IOException("prometheus exited with " + server.exitValue());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IOException("prometheus did not become ready on port " + port);
  }

  @SuppressWarnings("unchecked")
  static List<TestCase> expand(Path file) throws IOException {
    Map<String, Object> doc = new Yaml().load(Files.readString(file));
    List<TestCase> out = new ArrayList<>();
    for (Map<String, Object> c : (List<Map<String, Object>>) doc.get("test_cases")) {
      String q = (String) c.get("query");
      boolean fail = Boolean.TRUE.equals(c.get("should_fail"));
      List<String> args = (List<String>) c.getOrDefault("variant_args", List.of());
      for (String v : variants(q, args, new LinkedHashMap<>())) {
        out.add(new TestCase(v, fail));
      }
    }
    return out;
  }

  private static List<String> variants(String q, List<String> remaining, Map<String, String> chosen) {
    if (remaining.isEmpty()) {
      String s = q;
      for (Map.Entry<String, String> e : chosen.entrySet()) {
        s = s.replace("{{." + e.getKey() + "}}", e.getValue());
      }
      return List.of(s);
    }
    String arg = remaining.get(0);
    List<String> vals = VARIANTS.get(arg);
    if (vals == null) {
      throw new IllegalArgumentException("unknown variant arg " + arg);
    }
    List<String> out = new ArrayList<>();
    for (String v : vals) {
      chosen.put(arg, v);
      out.addAll(variants(q, remaining.subList(1, remaining.size()), chosen));
    }
    chosen.remove(arg);
    return out;
  }

  /** Null if both agree, else a description of the first difference. */
  @SuppressWarnings("unchecked")
  private String compare(HttpClient http, int port, Engine engine, MemoryStorage storage, TestCase tc,
      long start, long end, long step) throws Exception {
    String url = "http://127.0.0.1:" + port + "/api/v1/query_range?query="
        + URLEncoder.encode(tc.query(), StandardCharsets.UTF_8) + "&start=" + seconds(start) + "&end=" + seconds(end)
        + "&step=" + seconds(step);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    boolean refFailed = r.statusCode() != 200;
    List<Series> ours = null;
    String ourError = null;
    try {
      Matrix m = (Matrix) engine.rangeQuery(storage, tc.query(), start, end, step).value();
      ours = new ArrayList<>();
      for (RangeSeries s : m.series()) {
        ours.add(new Series(s.labels(), java.util.Arrays.copyOf(s.timestamps(), s.size()),
            java.util.Arrays.copyOf(s.values(), s.size())));
      }
    } catch (QueryException e) {
      ourError = e.getMessage();
    } catch (RuntimeException e) {
      return "engine crashed: " + e;
    }
    boolean shouldFail = tc.shouldFail() == null ? refFailed : tc.shouldFail();
    if (refFailed != shouldFail) {
      return "reference " + (refFailed ? "failed: " + r.body() : "succeeded but should_fail is set");
    }
    if ((ourError != null) != shouldFail) {
      return ourError != null ? "unexpected failure: " + ourError : "unexpected success (reference: " + r.body() + ")";
    }
    if (shouldFail) {
      // Execution errors must read the same (parse errors are the parser's tests' business). Not for
      // random queries: which duplicate series Prometheus names depends on Go's map order there.
      String refError = (String) ((Map<String, Object>) new Yaml().load(r.body())).get("error");
      if (tc.shouldFail() != null && !refError.contains("parse error") && !refError.equals(ourError)) {
        return "error text: reference \"" + refError + "\", ours \"" + ourError + "\"";
      }
      return null;
    }
    List<Series> ref = parse(r.body());
    if (!ref.isEmpty()) {
      nonEmpty++;
    }
    return compareSeries(ref, ours);
  }

  /** Compares one instant query; vector order matters only for sort/topk/bottomk at the top. */
  @SuppressWarnings("unchecked")
  private static String compareInstant(HttpClient http, int port, Engine engine, MemoryStorage storage, String q,
      long t) throws Exception {
    String url = "http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
        + "&time=" + seconds(t);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    io.promethium.promql.value.Value ours;
    try {
      ours = engine.instantQuery(storage, q, t).value();
    } catch (QueryException e) {
      return r.statusCode() == 200 ? "unexpected failure: " + e.getMessage() : null;
    }
    if (r.statusCode() != 200) {
      return "unexpected success, reference failed: " + r.body();
    }
    Map<String, Object> data = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(r.body())).get("data");
    String type = (String) data.get("resultType");
    if (!type.equals(ours.type().text())) {
      return "result type: reference " + type + ", ours " + ours.type().text();
    }
    Object result = data.get("result");
    switch (type) {
      case "scalar": {
        double v = parseValue((String) ((List<Object>) result).get(1));
        double o = ((io.promethium.promql.value.Scalar) ours).value();
        return approx(v, o) ? null : "scalar: reference " + v + ", ours " + o;
      }
      case "string": {
        String v = (String) ((List<Object>) result).get(1);
        String o = ((io.promethium.promql.value.StringValue) ours).value();
        return v.equals(o) ? null : "string: reference " + v + ", ours " + o;
      }
      case "matrix": {
        List<Series> ref = parse(r.body());
        List<Series> mine = new ArrayList<>();
        for (RangeSeries s : ((Matrix) ours).series()) {
          mine.add(new Series(s.labels(), java.util.Arrays.copyOf(s.timestamps(), s.size()),
              java.util.Arrays.copyOf(s.values(), s.size())));
        }
        mine.sort((a, b) -> a.labels().compareTo(b.labels()));
        return compareSeries(ref, mine);
      }
      default: {
        List<Series> ref = new ArrayList<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) result) {
          List<Object> p = (List<Object>) s.get("value");
          ref.add(new Series(Labels.fromMap((Map<String, String>) s.get("metric")),
              new long[] {Math.round(((Number) p.get(0)).doubleValue() * 1000)}, new double[] {parseValue((String) p.get(1))}));
        }
        List<Series> mine = new ArrayList<>();
        for (io.promethium.promql.value.Sample s : ((io.promethium.promql.value.Vector) ours).samples()) {
          mine.add(new Series(s.labels(), new long[] {s.timestamp()}, new double[] {s.value()}));
        }
        String top = q.strip();
        boolean ordered = top.startsWith("sort") || top.startsWith("topk") || top.startsWith("bottomk");
        if (!ordered) {
          ref.sort((a, b) -> a.labels().compareTo(b.labels()));
          mine.sort((a, b) -> a.labels().compareTo(b.labels()));
        }
        return compareSeries(ref, mine);
      }
    }
  }

  private static String compareSeries(List<Series> ref, List<Series> ours) {
    if (ref.size() != ours.size()) {
      return "series count: reference " + ref.size() + " " + labelsOf(ref) + ", ours " + ours.size() + " " + labelsOf(ours);
    }
    for (int i = 0; i < ref.size(); i++) {
      Series a = ref.get(i);
      Series b = ours.get(i);
      if (!a.labels().equals(b.labels())) {
        return "labels at " + i + ": reference " + a.labels() + ", ours " + b.labels();
      }
      if (a.t().length != b.t().length) {
        return a.labels() + ": points: reference " + a.t().length + ", ours " + b.t().length;
      }
      for (int k = 0; k < a.t().length; k++) {
        if (a.t()[k] != b.t()[k]) {
          return a.labels() + ": timestamp " + k + ": reference " + a.t()[k] + ", ours " + b.t()[k];
        }
        if (!approx(a.v()[k], b.v()[k])) {
          return a.labels() + " at " + a.t()[k] + ": reference " + a.v()[k] + ", ours " + b.v()[k];
        }
      }
    }
    return null;
  }

  private static String labelsOf(List<Series> s) {
    return s.stream().limit(3).map(x -> x.labels().toString()).toList().toString();
  }

  /** go-cmp's EquateApprox(1e-5, 0) plus EquateNaNs. */
  static boolean approx(double x, double y) {
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return Double.isNaN(x) && Double.isNaN(y);
    }
    if (x == y) {
      return true;
    }
    return Math.abs(x - y) <= 1e-5 * Math.min(Math.abs(x), Math.abs(y));
  }

  private static String seconds(long ms) {
    return String.format(java.util.Locale.ROOT, "%d.%03d", ms / 1000, ms % 1000);
  }

  @SuppressWarnings("unchecked")
  private static List<Series> parse(String json) {
    Map<String, Object> doc = new Yaml().load(json);
    Map<String, Object> data = (Map<String, Object>) doc.get("data");
    List<Series> out = new ArrayList<>();
    for (Map<String, Object> s : (List<Map<String, Object>>) data.get("result")) {
      Map<String, String> metric = (Map<String, String>) s.get("metric");
      List<List<Object>> values = (List<List<Object>>) s.get("values");
      long[] t = new long[values.size()];
      double[] v = new double[values.size()];
      for (int i = 0; i < t.length; i++) {
        t[i] = Math.round(((Number) values.get(i).get(0)).doubleValue() * 1000);
        v[i] = parseValue((String) values.get(i).get(1));
      }
      out.add(new Series(Labels.fromMap(metric), t, v));
    }
    out.sort((a, b) -> a.labels().compareTo(b.labels()));
    return out;
  }

  private static double parseValue(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }
}
