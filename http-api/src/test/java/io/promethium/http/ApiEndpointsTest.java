package io.promethium.http;

import static io.promethium.http.TestClient.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.metadata.MetricMetadata;
import io.promethium.core.metadata.MetricType;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.Queryable;
import io.promethium.promql.engine.QueryException;
import io.promethium.promql.engine.QueryResult;
import io.promethium.promql.engine.QueryStats;
import io.promethium.promql.value.Matrix;
import io.promethium.promql.value.RangeSeries;
import io.promethium.promql.value.Sample;
import io.promethium.promql.value.Scalar;
import io.promethium.promql.value.StringValue;
import io.promethium.promql.value.Vector;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every /api/v1 endpoint against fake backends on an ephemeral port: exact JSON and error texts. */
class ApiEndpointsTest {
  static WebServer server;
  static TestClient client;
  static final MetricsRegistry registry = new MetricsRegistry();

  /** Canned engine answers keyed by the query text. */
  static final class FakeEngine implements QueryEngine {
    volatile String lastExpr;
    volatile long lastTime;
    volatile long[] lastRange;

    @Override
    public QueryResult instantQuery(Queryable storage, String expr, long timeMillis) {
      lastExpr = expr;
      lastTime = timeMillis;
      return answer(expr, timeMillis);
    }

    @Override
    public QueryResult rangeQuery(Queryable storage, String expr, long start, long end, long step) {
      lastExpr = expr;
      lastRange = new long[] {start, end, step};
      if (expr.equals("up")) {
        return new QueryResult(new Matrix(List.of(
            new RangeSeries(Labels.of("__name__", "up", "job", "a"), new long[] {1000, 2500, 0},
                new double[] {1, 0.5, 99}, 2))), List.of(), null);
      }
      return answer(expr, start);
    }

    private QueryResult answer(String expr, long t) {
      switch (expr) {
        case "up":
          return new QueryResult(new Vector(List.of(
              new Sample(Labels.of("__name__", "up", "job", "a"), t, 1),
              new Sample(Labels.of("job", "b<&>\"x\""), t, Double.NaN))), List.of(), null);
        case "1":
          return new QueryResult(new Scalar(t, 1e-7), List.of(), null);
        case "\"s\"":
          return new QueryResult(new StringValue(t, "s"), List.of(), null);
        case "warn":
          return new QueryResult(new Vector(List.of()), List.of("some warning"),
              new QueryStats(0.5, 0.25, 0.125, 0.0625, 0, 7, 3));
        case "exec":
          throw new QueryException(QueryException.Kind.EXECUTION, "found duplicate series for the match group");
        case "timeout":
          throw new QueryException(QueryException.Kind.TIMEOUT, "query timed out in expression evaluation");
        case "sleep":
          try {
            Thread.sleep(3000);
          } catch (InterruptedException e) {
            throw new QueryException(QueryException.Kind.CANCELED, "query was canceled");
          }
          return new QueryResult(new Vector(List.of()), List.of(), null);
        case "boom":
          throw new IllegalStateException("boom");
        default:
          throw new QueryException(QueryException.Kind.BAD_DATA, "1:1: parse error: unexpected end of input");
      }
    }
  }

  static final FakeEngine engine = new FakeEngine();

  @BeforeAll
  static void start() throws Exception {
    FakeStorage storage = new FakeStorage()
        .add(Labels.of("__name__", "up", "job", "prometheus", "instance", "localhost:9090"), 1000, 1)
        .add(Labels.of("__name__", "up", "job", "node", "instance", "localhost:9100"), 1000, 0)
        .add(Labels.of("__name__", "go_goroutines", "job", "node", "instance", "localhost:9100"), 2000, 42);
    Map<String, MetricMetadata> md = Map.of(
        "up", new MetricMetadata(MetricType.GAUGE, "Up.", ""),
        "go_goroutines", new MetricMetadata(MetricType.GAUGE, "Number of goroutines.", ""));
    TargetRetriever targets = new TargetRetriever() {
      @Override
      public List<ActiveTarget> activeTargets() {
        return List.of(new ActiveTarget(
            Labels.of("__address__", "localhost:9100", "job", "node"),
            Labels.of("instance", "localhost:9100", "job", "node"),
            "node", "http://localhost:9100/metrics", "http://localhost:9100/metrics", "",
            1435781451781L, 0.05, "up", 15_000, 10_000, () -> md));
      }

      @Override
      public List<DroppedTarget> droppedTargets() {
        return List.of(new DroppedTarget(Labels.of("__address__", "x:1", "job", "node"), "node"));
      }
    };
    ApiBackend backend = new ApiBackend().ready(() -> true).queryable(storage).queryEngine(engine)
        .targets(targets).configYaml(() -> "global:\n  scrape_interval: 15s\n")
        .flags(Map.of("web.enable-lifecycle", "false", "query.timeout", "2m"));
    server = new WebServer(WebServerOptions.builder().listenAddress("127.0.0.1:0").corsOrigin("https?://good\\.org")
        .build(), backend, registry);
    server.start();
    client = new TestClient(server.boundPort());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  static String err(String type, String message) {
    return "{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"" + message.replace("\"", "\\\"")
        + "\"}";
  }

  static Stream<Arguments> badRequests() {
    String bad = "bad_data";
    return Stream.of(
        Arguments.of("/api/v1/query_range?query=up&start=x&end=1&step=1", 400, err(bad,
            "invalid parameter \"start\": cannot parse \"x\" to a valid timestamp")),
        Arguments.of("/api/v1/query_range?query=up&end=1&step=1", 400, err(bad,
            "invalid parameter \"start\": cannot parse \"\" to a valid timestamp")),
        Arguments.of("/api/v1/query_range?query=up&start=1&end=2021-01-01T00:00:00&step=1", 400, err(bad,
            "invalid parameter \"end\": cannot parse \"2021-01-01T00:00:00\" to a valid timestamp")),
        Arguments.of("/api/v1/query_range?query=up&start=10&end=5&step=1", 400, err(bad,
            "invalid parameter \"end\": end timestamp must not be before start time")),
        Arguments.of("/api/v1/query_range?query=up&start=1&end=5&step=0", 400, err(bad,
            "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. "
                + "Try a positive integer")),
        Arguments.of("/api/v1/query_range?query=up&start=1&end=5&step=-1s", 400, err(bad,
            "invalid parameter \"step\": cannot parse \"-1s\" to a valid duration")),
        Arguments.of("/api/v1/query_range?query=up&start=1&end=5&step=x", 400, err(bad,
            "invalid parameter \"step\": cannot parse \"x\" to a valid duration")),
        Arguments.of("/api/v1/query_range?query=up&start=0&end=11001&step=1", 400, err(bad,
            "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution "
                + "(?step=XX)")),
        Arguments.of("/api/v1/query?query=up&time=abc", 400, err(bad,
            "invalid parameter \"time\": Invalid time value for 'time': cannot parse \"abc\" to a valid timestamp")),
        Arguments.of("/api/v1/query?query=up&time=2015-07-01T20:10Z", 400, err(bad,
            "invalid parameter \"time\": Invalid time value for 'time': cannot parse \"2015-07-01T20:10Z\" to a "
                + "valid timestamp")),
        Arguments.of("/api/v1/query?query=up&timeout=abc", 400, err(bad,
            "invalid parameter \"timeout\": cannot parse \"abc\" to a valid duration")),
        Arguments.of("/api/v1/query?query=" + enc("sum("), 400, err(bad,
            "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis")),
        Arguments.of("/api/v1/query_range?query=" + enc("sum(") + "&start=1&end=2&step=1", 400, err(bad,
            "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis")),
        // Valid syntax, but the (fake) engine reports bad_data: still an invalid "query".
        Arguments.of("/api/v1/query?query=nosuch", 400, err(bad,
            "invalid parameter \"query\": 1:1: parse error: unexpected end of input")),
        Arguments.of("/api/v1/query?query=exec", 422, err("execution",
            "found duplicate series for the match group")),
        Arguments.of("/api/v1/query?query=timeout", 503, err("timeout", "query timed out in expression evaluation")),
        Arguments.of("/api/v1/query?query=boom", 500, err("internal", "java.lang.IllegalStateException: boom")),
        Arguments.of("/api/v1/series", 400, err(bad, "no match[] parameter provided")),
        Arguments.of("/api/v1/series?match[]=up&start=x", 400, err(bad,
            "invalid parameter \"start\": Invalid time value for 'start': cannot parse \"x\" to a valid timestamp")),
        Arguments.of("/api/v1/labels?end=x", 400, err(bad,
            "invalid parameter \"end\": Invalid time value for 'end': cannot parse \"x\" to a valid timestamp")),
        Arguments.of("/api/v1/label/1a/values", 400, err(bad, "invalid label name: \"1a\"")),
        Arguments.of("/api/v1/status/tsdb?limit=0", 400, err(bad, "limit must be a positive number")),
        Arguments.of("/api/v1/rules?type=x", 400, err(bad, "invalid parameter \"type\": not supported value \"x\"")),
        Arguments.of("/api/v1/targets/metadata?limit=x", 400, err(bad, "limit must be a number")),
        Arguments.of("/api/v1/query_exemplars?query=up&start=10&end=5", 400, err(bad,
            "end timestamp must not be before start timestamp")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badRequestsGetPrometheusErrors(String path, int code, String body) throws Exception {
    HttpResponse<String> r = client.get(path);
    assertEquals(body, r.body());
    assertEquals(code, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void adminApiIsOffByDefault() throws Exception {
    for (String p : List.of("delete_series?match[]=up", "clean_tombstones", "snapshot")) {
      HttpResponse<String> r = client.post("/api/v1/admin/tsdb/" + p, "");
      assertEquals(503, r.statusCode(), p);
      assertEquals(err("unavailable", "admin APIs disabled"), r.body());
    }
  }

  @Test
  void matchSelectorErrorsNameTheParameter() throws Exception {
    HttpResponse<String> r = client.get("/api/v1/series?match[]=" + enc("{foo=\"\"}"));
    assertEquals(400, r.statusCode());
    assertTrue(r.body().startsWith("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter "
        + "\\\"match[]\\\": "), r.body());
  }

  @Test
  void instantVector() throws Exception {
    HttpResponse<String> r = client.get("/api/v1/query?query=up&time=1435781451.781");
    assertEquals(200, r.statusCode());
    assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + "{\"metric\":{\"__name__\":\"up\",\"job\":\"a\"},\"value\":[1435781451.781,\"1\"]},"
        + "{\"metric\":{\"job\":\"b\\u003c\\u0026\\u003e\\\"x\\\"\"},\"value\":[1435781451.781,\"NaN\"]}]}}", r.body());
    assertEquals(1435781451781L, engine.lastTime);
  }

  @Test
  void instantQueryByPostForm() throws Exception {
    HttpResponse<String> r = client.post("/api/v1/query", "query=1&time=" + enc("2015-07-01T20:10:51.781Z"));
    assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1435781451.781,\"1e-07\"]}}",
        r.body());
  }

  @Test
  void stringResult() throws Exception {
    HttpResponse<String> r = client.get("/api/v1/query?query=" + enc("\"s\"") + "&time=12.1");
    assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[12.100,\"s\"]}}", r.body());
  }

  @Test
  void rangeMatrixUsesStepAndBounds() throws Exception {
    HttpResponse<String> r = client.get("/api/v1/query_range?query=up&start=1&end=3&step=1.5");
    assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
        + "{\"metric\":{\"__name__\":\"up\",\"job\":\"a\"},\"values\":[[1,\"1\"],[2.500,\"0.5\"]]}]}}", r.body());
    assertEquals(List.of(1000L, 3000L, 1500L), List.of(engine.lastRange[0], engine.lastRange[1], engine.lastRange[2]));
    client.get("/api/v1/query_range?query=up&start=1&end=3&step=1m");
    assertEquals(60_000L, engine.lastRange[2]);
  }

  @Test
  void warningsAndStats() throws Exception {
    HttpResponse<String> r = client.get("/api/v1/query?query=warn&time=1&stats=all");
    assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[],"
        + "\"stats\":{\"timings\":{\"evalTotalTime\":0.1875,\"resultSortTime\":0,\"queryPreparationTime\":0.125,"
        + "\"innerEvalTime\":0.0625,\"execQueueTime\":0.25,\"execTotalTime\":0.5},"
        + "\"samples\":{\"totalQueryableSamples\":7,\"peakSamples\":3}}},"
        + "\"warnings\":[\"some warning\"]}", r.body());
  }

  @Test
  void seriesLabelsAndValues() throws Exception {
    assertEquals("{\"status\":\"success\",\"data\":["
        + "{\"__name__\":\"up\",\"instance\":\"localhost:9090\",\"job\":\"prometheus\"},"
        + "{\"__name__\":\"up\",\"instance\":\"localhost:9100\",\"job\":\"node\"}]}",
        client.get("/api/v1/series?match[]=up").body());
    assertEquals("{\"status\":\"success\",\"data\":["
        + "{\"__name__\":\"go_goroutines\",\"instance\":\"localhost:9100\",\"job\":\"node\"},"
        + "{\"__name__\":\"up\",\"instance\":\"localhost:9100\",\"job\":\"node\"}]}",
        client.post("/api/v1/series", "match[]=" + enc("{job=\"node\"}")).body());
    assertEquals("{\"status\":\"success\",\"data\":[\"__name__\",\"instance\",\"job\"]}",
        client.get("/api/v1/labels").body());
    assertEquals("{\"status\":\"success\",\"data\":[\"node\",\"prometheus\"]}",
        client.get("/api/v1/label/job/values").body());
    assertEquals("{\"status\":\"success\",\"data\":[\"node\"]}",
        client.get("/api/v1/label/job/values?match[]=go_goroutines").body());
    assertEquals("{\"status\":\"success\",\"data\":[\"go_goroutines\"],\"warnings\":[\"results truncated due to "
        + "limit\"]}", client.get("/api/v1/label/__name__/values?limit=1").body());
    // Time range: only go_goroutines has a sample at t=2s.
    assertEquals("{\"status\":\"success\",\"data\":[\"go_goroutines\"]}",
        client.get("/api/v1/label/__name__/values?start=1.5&end=3").body());
  }

  @Test
  void manyMatchParametersInOneBody() throws Exception {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      form.append("match[]=").append(enc("x" + i)).append('&');
    }
    form.append("match[]=up"); // last, beyond Netty's default of 1,024 parameters
    HttpResponse<String> r = client.post("/api/v1/series", form.toString());
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("localhost:9090"), r.body());
  }

  @Test
  void targetsAndMetadata() throws Exception {
    assertEquals("{\"status\":\"success\",\"data\":{\"activeTargets\":[{"
        + "\"discoveredLabels\":{\"__address__\":\"localhost:9100\",\"job\":\"node\"},"
        + "\"labels\":{\"instance\":\"localhost:9100\",\"job\":\"node\"},"
        + "\"scrapePool\":\"node\",\"scrapeUrl\":\"http://localhost:9100/metrics\","
        + "\"globalUrl\":\"http://localhost:9100/metrics\",\"lastError\":\"\","
        + "\"lastScrape\":\"2015-07-01T20:10:51.781Z\",\"lastScrapeDuration\":0.05,\"health\":\"up\","
        + "\"scrapeInterval\":\"15s\",\"scrapeTimeout\":\"10s\"}],"
        + "\"droppedTargets\":[{\"discoveredLabels\":{\"__address__\":\"x:1\",\"job\":\"node\"}}],"
        + "\"droppedTargetCounts\":{\"node\":1}}}", client.get("/api/v1/targets").body());
    assertEquals("{\"status\":\"success\",\"data\":{\"activeTargets\":[],"
        + "\"droppedTargets\":[{\"discoveredLabels\":{\"__address__\":\"x:1\",\"job\":\"node\"}}],"
        + "\"droppedTargetCounts\":{\"node\":1}}}", client.get("/api/v1/targets?state=dropped").body());
    assertEquals("{\"status\":\"success\",\"data\":{\"go_goroutines\":[{\"type\":\"gauge\",\"help\":\"Number of "
        + "goroutines.\",\"unit\":\"\"}],\"up\":[{\"type\":\"gauge\",\"help\":\"Up.\",\"unit\":\"\"}]}}",
        client.get("/api/v1/metadata").body());
    assertEquals("{\"status\":\"success\",\"data\":[{\"target\":{\"instance\":\"localhost:9100\",\"job\":\"node\"},"
        + "\"type\":\"gauge\",\"help\":\"Up.\",\"unit\":\"\"}]}",
        client.get("/api/v1/targets/metadata?metric=up&match_target=" + enc("{job=\"node\"}")).body());
    assertEquals("{\"status\":\"success\",\"data\":[]}",
        client.get("/api/v1/targets/metadata?match_target=" + enc("{job=\"other\"}")).body());
    assertEquals("{\"status\":\"success\",\"data\":{\"scrapePools\":[\"node\"]}}",
        client.get("/api/v1/scrape_pools").body());
  }

  @Test
  void statusEndpoints() throws Exception {
    assertEquals("{\"status\":\"success\",\"data\":{\"yaml\":\"global:\\n  scrape_interval: 15s\\n\"}}",
        client.get("/api/v1/status/config").body());
    assertEquals("{\"status\":\"success\",\"data\":{\"query.timeout\":\"2m\",\"web.enable-lifecycle\":\"false\"}}",
        client.get("/api/v1/status/flags").body());
    assertEquals("{\"status\":\"success\",\"data\":{\"groups\":[]}}", client.get("/api/v1/rules").body());
    assertEquals("{\"status\":\"success\",\"data\":{\"alerts\":[]}}", client.get("/api/v1/alerts").body());
    assertEquals("{\"status\":\"success\",\"data\":{\"activeAlertmanagers\":[],\"droppedAlertmanagers\":[]}}",
        client.get("/api/v1/alertmanagers").body());
    assertEquals("{\"status\":\"success\",\"data\":{\"min\":0,\"max\":0,\"current\":0}}",
        client.get("/api/v1/status/walreplay").body());
    assertEquals("{\"status\":\"success\",\"data\":[]}", client.get("/api/v1/query_exemplars?query=up").body());
    String rt = client.get("/api/v1/status/runtimeinfo").body();
    assertTrue(rt.contains("\"reloadConfigSuccess\":true") && rt.contains("\"storageRetention\":\"\""), rt);
    String bi = client.get("/api/v1/status/buildinfo").body();
    assertTrue(bi.startsWith("{\"status\":\"success\",\"data\":{\"version\":"), bi);
    assertEquals(503, client.get("/api/v1/status/tsdb").statusCode()); // no TsdbStatus wired here
  }

  @Test
  void corsEchoesMatchingOriginOnly() throws Exception {
    HttpResponse<String> ok = client.get("/api/v1/labels", "Origin", "https://good.org");
    assertEquals("https://good.org", ok.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertEquals("GET, POST, OPTIONS", ok.headers().firstValue("Access-Control-Allow-Methods").orElse(""));
    HttpResponse<String> no = client.get("/api/v1/labels", "Origin", "https://good.org.evil.com");
    assertTrue(no.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    HttpResponse<String> opt = client.method("OPTIONS", "/api/v1/query");
    assertEquals(204, opt.statusCode());
  }

  @Test
  void largeResponsesAreGzippedWhenAsked() throws Exception {
    HttpResponse<String> small = client.get("/api/v1/labels", "Accept-Encoding", "gzip");
    assertTrue(small.headers().firstValue("Content-Encoding").isEmpty(), "tiny bodies stay plain");
    HttpResponse<String> big = client.get("/metrics", "Accept-Encoding", "gzip");
    assertEquals("gzip", big.headers().firstValue("Content-Encoding").orElse(""));
  }

  @Test
  void methodsAndUnknownPaths() throws Exception {
    HttpResponse<String> wrongMethod = client.method("DELETE", "/api/v1/query");
    assertEquals(405, wrongMethod.statusCode());
    assertEquals("GET, OPTIONS, POST", wrongMethod.headers().firstValue("Allow").orElse(""));
    assertEquals("Method Not Allowed\n", wrongMethod.body());
    assertEquals("GET, HEAD, OPTIONS", client.post("/-/healthy", "").headers().firstValue("Allow").orElse(""));
    assertEquals(204, client.method("OPTIONS", "/api/v1/nope").statusCode());
    assertEquals(404, client.post("/api/v1/nope", "").statusCode());
    assertEquals("nosniff", client.get("/nope").headers().firstValue("X-Content-Type-Options").orElse(""));
    HttpResponse<String> del = client.method("DELETE", "/api/v1/series");
    assertEquals(500, del.statusCode());
    assertEquals(err("internal", "not implemented"), del.body());

    assertEquals(404, client.get("/api/v1/nope").statusCode());
    assertEquals(404, client.get("/api/v1/label/job/values/x").statusCode());
    HttpResponse<String> root = client.get("/");
    assertEquals(302, root.statusCode());
    assertEquals("/graph", root.headers().firstValue("Location").orElse(""));
  }

  @Test
  void lifecycleIsOffByDefault() throws Exception {
    HttpResponse<String> r = client.post("/-/reload", "");
    assertEquals(403, r.statusCode());
    assertEquals("Lifecycle API is not enabled.", r.body());
    assertEquals(403, client.method("PUT", "/-/quit").statusCode());
    HttpResponse<String> g = client.get("/-/quit");
    assertEquals(405, g.statusCode());
    assertEquals("Only POST or PUT requests allowed", g.body());
  }

  @Test
  void metricsCountRequestsByHandler() throws Exception {
    client.get("/api/v1/labels");
    HttpResponse<String> r = client.get("/metrics");
    assertEquals(200, r.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    String body = r.body();
    assertTrue(body.contains("prometheus_http_requests_total{code=\"200\",handler=\"/api/v1/labels\"}"), body);
    assertTrue(body.contains("prometheus_http_request_duration_seconds_bucket{handler=\"/api/v1/labels\",le=\"0.1\"}"),
        body);
    assertTrue(body.contains("# TYPE prometheus_engine_query_duration_seconds summary\n"), body);
    assertTrue(body.contains("prometheus_engine_query_duration_seconds{slice=\"queue_time\",quantile=\"0.99\"}"), body);
    assertTrue(body.contains("prometheus_engine_queries_concurrent_max 20\n"), body);
    // The summary sits in name order between its neighbours.
    assertTrue(body.indexOf("# HELP prometheus_engine_queries ") < body.indexOf("# HELP prometheus_engine_query_"));
    assertTrue(body.indexOf("# HELP prometheus_engine_query_") < body.indexOf("# HELP prometheus_http_"));
  }
}
