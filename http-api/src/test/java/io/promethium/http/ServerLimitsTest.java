package io.promethium.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.Queryable;
import io.promethium.core.storage.StorageException;
import io.promethium.promql.engine.QueryResult;
import io.promethium.promql.value.Vector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Limits, bad input, lifecycle and admin wiring, route prefix, federation. Each test has its own server. */
class ServerLimitsTest {
  private WebServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private TestClient start(WebServerOptions.Builder opts, ApiBackend backend) throws Exception {
    server = new WebServer(opts.listenAddress("127.0.0.1:0").build(), backend, null);
    server.start();
    return new TestClient(server.boundPort());
  }

  private static String raw(int port, String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[512];
      int n = 0;
      while (n < 12 || (n < buf.length && in.available() > 0)) {
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void oversizedUrlAndBodyAreRejectedAndServerLivesOn() throws Exception {
    TestClient c = start(WebServerOptions.builder().maxUrlBytes(1024).maxBodyBytes(2048),
        new ApiBackend().ready(() -> true));
    int port = server.boundPort();
    String longUrl = "GET /api/v1/labels?x=" + "a".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
    assertTrue(raw(port, longUrl).startsWith("HTTP/1.1 414"), "414 for long URL");
    String big = "POST /api/v1/query HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: 4096\r\n\r\n" + "q".repeat(4096);
    assertTrue(raw(port, big).startsWith("HTTP/1.1 413"), "413 for big body");
    assertTrue(raw(port, "GARBAGE\r\n\r\n").startsWith("HTTP/1.1 400"), "400 for garbage");
    String badEscape = raw(port, "GET /api/v1/labels?match[]=%zz HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(badEscape.startsWith("HTTP/1.1 400"), badEscape);
    assertEquals(200, c.get("/-/healthy").statusCode());
  }

  @Test
  void randomBytesNeverKillTheServer() throws Exception {
    TestClient c = start(WebServerOptions.builder(), new ApiBackend().ready(() -> true).queryable(new FakeStorage()));
    long seed = System.nanoTime();
    java.util.Random r = new java.util.Random(seed);
    String[] prefixes = {"", "GET /api/v1/labels?", "POST /api/v1/query HTTP/1.1\r\nContent-Length: 5\r\n",
        "GET /federate?match[]=", "GET / HTTP/1.1\r\n"};
    for (int i = 0; i < 40; i++) {
      byte[] junk = new byte[r.nextInt(300)];
      r.nextBytes(junk);
      try (Socket s = new Socket("127.0.0.1", server.boundPort())) {
        s.setSoTimeout(2000);
        OutputStream out = s.getOutputStream();
        out.write(prefixes[i % prefixes.length].getBytes(StandardCharsets.ISO_8859_1));
        out.write(junk);
        out.write("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        s.shutdownOutput();
        s.getInputStream().readAllBytes();
      } catch (IOException e) {
        // a reset or timeout on garbage is fine; the server must survive it
      }
    }
    assertEquals(200, c.get("/-/healthy").statusCode(), "seed " + seed);
    assertEquals(200, c.get("/api/v1/labels").statusCode(), "seed " + seed);
  }

  @Test
  void manyConcurrentRequestsAllSucceed() throws Exception {
    TestClient c = start(WebServerOptions.builder(), new ApiBackend().ready(() -> true)
        .queryable(new FakeStorage().add(Labels.of("__name__", "up"), 1, 1)));
    List<CompletableFuture<Integer>> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      all.add(CompletableFuture.supplyAsync(() -> {
        try {
          return c.get("/api/v1/series?match[]=up").statusCode();
        } catch (Exception e) {
          return -1;
        }
      }));
    }
    for (CompletableFuture<Integer> f : all) {
      assertEquals(200, f.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    QueryEngine slow = new QueryEngine() {
      @Override
      public QueryResult instantQuery(Queryable storage, String expr, long t) {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new QueryResult(new Vector(List.of()), List.of(), null);
      }

      @Override
      public QueryResult rangeQuery(Queryable storage, String expr, long s, long e, long step) {
        throw new UnsupportedOperationException();
      }
    };
    start(WebServerOptions.builder(), new ApiBackend().ready(() -> true).queryEngine(slow)
        .queryable(new FakeStorage().add(Labels.of("__name__", "up"), 1, 1)));
    try (Socket s = new Socket("127.0.0.1", server.boundPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(("GET /api/v1/query?query=slow&time=1 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /api/v1/labels HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /-/healthy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      int query = all.indexOf("\"resultType\"");
      int labels = all.indexOf("[\"__name__\"]");
      int healthy = all.indexOf("Prometheus Server is Healthy.");
      assertTrue(query > 0 && labels > query && healthy > labels, all);
    }
  }

  @Test
  void connectionsBeyondTheLimitAreClosed() throws Exception {
    TestClient c = start(WebServerOptions.builder().maxConnections(1), new ApiBackend().ready(() -> true));
    try (Socket first = new Socket("127.0.0.1", server.boundPort())) {
      // An answer on the first connection proves the server counted it before the second arrives.
      first.setSoTimeout(5000);
      byte[] request = "GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
      first.getOutputStream().write(request);
      byte[] buf = new byte[12];
      assertEquals(12, first.getInputStream().readNBytes(buf, 0, 12));
      assertEquals("HTTP/1.1 200", new String(buf, StandardCharsets.ISO_8859_1));
      String second;
      try {
        second = raw(server.boundPort(), "GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n");
      } catch (SocketException e) {
        // Closed with the request unread: the kernel answers it with a reset (usual on the epoll transport).
        second = "";
      }
      assertTrue(second.isEmpty(), "second connection is closed without an answer");
    }
    // The slot comes back once the first connection is gone.
    long deadline = System.currentTimeMillis() + 5000;
    int code = -1;
    while (code != 200 && System.currentTimeMillis() < deadline) {
      try {
        code = c.get("/-/healthy").statusCode();
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    assertEquals(200, code);
  }

  @Test
  void notReadyGatesApiButNotHealth() throws Exception {
    TestClient c = start(WebServerOptions.builder(), new ApiBackend());
    HttpResponse<String> r = c.get("/api/v1/labels");
    assertEquals(503, r.statusCode());
    assertEquals("Service Unavailable", r.body());
    assertEquals(503, c.get("/federate?match[]=up").statusCode());
    assertEquals("false", r.headers().firstValue("X-Prometheus-Stopping").orElse(""));
    server.backend().ready(() -> true);
    assertEquals(200, c.get("/-/ready").statusCode());
    server.backend().stopping();
    HttpResponse<String> stopping = c.get("/-/ready");
    assertEquals(503, stopping.statusCode());
    assertEquals("true", stopping.headers().firstValue("X-Prometheus-Stopping").orElse(""));
    assertEquals(200, c.get("/-/healthy").statusCode());
    assertEquals(200, c.get("/api/v1/status/walreplay").statusCode());
    assertEquals(200, c.method("HEAD", "/-/healthy").statusCode());
  }

  @Test
  void queriesBeyondConcurrencyWaitThenTimeOut() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    QueryEngine blocking = new QueryEngine() {
      @Override
      public QueryResult instantQuery(Queryable storage, String expr, long t) {
        running.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new QueryResult(new Vector(List.of()), List.of(), null);
      }

      @Override
      public QueryResult rangeQuery(Queryable storage, String expr, long s, long e, long step) {
        throw new UnsupportedOperationException();
      }
    };
    TestClient c = start(WebServerOptions.builder().queryMaxConcurrency(1),
        new ApiBackend().ready(() -> true).queryable(new FakeStorage()).queryEngine(blocking));
    CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
      try {
        return c.get("/api/v1/query?query=a&time=1");
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    assertTrue(running.await(10, TimeUnit.SECONDS));
    HttpResponse<String> second = c.get("/api/v1/query?query=b&time=1&timeout=0.2");
    assertEquals(503, second.statusCode());
    assertEquals("{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in query queue\"}",
        second.body());
    // A syntax error does not queue behind the running query.
    assertEquals(400, c.get("/api/v1/query?query=sum(&time=1&timeout=0.2").statusCode());
    release.countDown();
    assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void metadataRequestsAreServedWhileQueriesHoldEverySlot() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    QueryEngine blocking = new QueryEngine() {
      @Override
      public QueryResult instantQuery(Queryable storage, String expr, long t) {
        started.incrementAndGet();
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new QueryResult(new Vector(List.of()), List.of(), null);
      }

      @Override
      public QueryResult rangeQuery(Queryable storage, String expr, long s, long e, long step) {
        throw new UnsupportedOperationException();
      }
    };
    TestClient c = start(WebServerOptions.builder().queryMaxConcurrency(1).workerThreads(1),
        new ApiBackend().ready(() -> true).queryEngine(blocking)
            .queryable(new FakeStorage().add(Labels.of("__name__", "up"), 1, 1)));
    List<CompletableFuture<HttpResponse<String>>> queries = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      queries.add(CompletableFuture.supplyAsync(() -> {
        try {
          return c.get("/api/v1/query?query=x&time=1");
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }));
    }
    while (started.get() == 0) {
      Thread.sleep(10);
    }
    try {
      assertEquals("{\"status\":\"success\",\"data\":[\"__name__\"]}", c.get("/api/v1/labels").body());
    } finally {
      release.countDown();
    }
    for (CompletableFuture<HttpResponse<String>> q : queries) {
      assertEquals(200, q.get(30, TimeUnit.SECONDS).statusCode());
    }
  }

  @Test
  void slowQueryTimesOut() throws Exception {
    QueryEngine slow = new QueryEngine() {
      @Override
      public QueryResult instantQuery(Queryable storage, String expr, long t) {
        try {
          Thread.sleep(5000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new QueryResult(new Vector(List.of()), List.of(), null);
      }

      @Override
      public QueryResult rangeQuery(Queryable storage, String expr, long s, long e, long step) {
        throw new UnsupportedOperationException();
      }
    };
    TestClient c = start(WebServerOptions.builder().queryTimeout(Duration.ofMillis(200)),
        new ApiBackend().ready(() -> true).queryable(new FakeStorage()).queryEngine(slow));
    HttpResponse<String> r = c.get("/api/v1/query?query=x&time=1&timeout=1m");
    assertEquals(503, r.statusCode());
    assertEquals("{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression "
        + "evaluation\"}", r.body());
  }

  @Test
  void lifecycleCallsBack() throws Exception {
    AtomicInteger reloads = new AtomicInteger();
    AtomicInteger quits = new AtomicInteger();
    Lifecycle l = new Lifecycle() {
      @Override
      public void reload() throws Exception {
        if (reloads.incrementAndGet() == 2) {
          throw new Exception("couldn't load configuration (--config.file=\"x.yml\"): bad");
        }
      }

      @Override
      public void quit() {
        quits.incrementAndGet();
      }
    };
    TestClient c = start(WebServerOptions.builder().enableLifecycle(true), new ApiBackend().lifecycle(l));
    assertEquals(200, c.post("/-/reload", "").statusCode());
    HttpResponse<String> failed = c.method("PUT", "/-/reload");
    assertEquals(500, failed.statusCode());
    assertEquals("failed to reload config: couldn't load configuration (--config.file=\"x.yml\"): bad\n",
        failed.body());
    assertEquals("Requesting termination... Goodbye!", c.post("/-/quit", "").body());
    assertEquals("Termination already in progress.", c.post("/-/quit", "").body());
    assertEquals(1, quits.get());
  }

  @Test
  void adminApiWhenEnabled() throws Exception {
    List<String> calls = new ArrayList<>();
    TsdbAdmin admin = new TsdbAdmin() {
      @Override
      public void deleteSeries(long minT, long maxT, List<Matcher> matchers) {
        calls.add("delete " + minT + " " + maxT + " " + matchers);
      }

      @Override
      public void cleanTombstones() throws StorageException {
        throw new StorageException("disk full");
      }

      @Override
      public String snapshot(boolean withHead) {
        calls.add("snapshot " + withHead);
        return "20171210T211224Z-2be650b6d019eb54";
      }
    };
    TestClient c = start(WebServerOptions.builder().enableAdminApi(true),
        new ApiBackend().ready(() -> true).tsdbAdmin(admin));
    HttpResponse<String> d = c.post("/api/v1/admin/tsdb/delete_series", "match[]=up&start=1&end=2");
    assertEquals(204, d.statusCode());
    assertEquals("delete 1000 2000 [__name__=\"up\"]", calls.get(0));
    assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"no match[] parameter provided\"}",
        c.post("/api/v1/admin/tsdb/delete_series", "").body());
    HttpResponse<String> s = c.method("PUT", "/api/v1/admin/tsdb/snapshot?skip_head=true");
    assertEquals("{\"status\":\"success\",\"data\":{\"name\":\"20171210T211224Z-2be650b6d019eb54\"}}", s.body());
    assertEquals("snapshot false", calls.get(1));
    assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"skip_head\\\": "
        + "unable to parse boolean: strconv.ParseBool: parsing \\\"x\\\": invalid syntax\"}",
        c.post("/api/v1/admin/tsdb/snapshot", "skip_head=x").body());
    HttpResponse<String> t = c.post("/api/v1/admin/tsdb/clean_tombstones", "");
    assertEquals(500, t.statusCode());
    assertEquals("{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"disk full\"}", t.body());
  }

  @Test
  void tsdbStatus() throws Exception {
    TsdbStatus st = limit -> new TsdbStatus.Stats(new TsdbStatus.HeadStats(3, 5, 4, 1000, 2000),
        List.of(new TsdbStatus.NameCount("up", 2)), List.of(), List.of(), List.of());
    TestClient c = start(WebServerOptions.builder(), new ApiBackend().ready(() -> true).tsdbStatus(st));
    assertEquals("{\"status\":\"success\",\"data\":{\"headStats\":{\"numSeries\":3,\"numLabelPairs\":5,"
        + "\"chunkCount\":4,\"minTime\":1000,\"maxTime\":2000},\"seriesCountByMetricName\":[{\"name\":\"up\","
        + "\"value\":2}],\"labelValueCountByLabelName\":[],\"memoryInBytesByLabelName\":[],"
        + "\"seriesCountByLabelValuePair\":[]}}", c.get("/api/v1/status/tsdb").body());
  }

  @Test
  void federationPrintsLatestSamplesWithExternalLabels() throws Exception {
    long now = System.currentTimeMillis();
    FakeStorage storage = new FakeStorage()
        .add(Labels.of("__name__", "up", "job", "b", "instance", "h:1"), now - 20_000, 0)
        .add(Labels.of("__name__", "up", "job", "b", "instance", "h:1"), now - 10_000, 1)
        .add(Labels.of("__name__", "up", "job", "a"), now - 1000, 1e6)
        .add(Labels.of("__name__", "a_metric", "x", "q\"\\\n"), now - 1000, Double.POSITIVE_INFINITY)
        .add(Labels.of("__name__", "stale", "job", "a"), now - 1000,
            io.promethium.core.storage.StaleNaN.VALUE)
        .add(Labels.of("__name__", "old", "job", "a"), now - 600_000, 1);
    TestClient c = start(WebServerOptions.builder(), new ApiBackend().ready(() -> true).queryable(storage)
        .externalLabels(() -> Labels.of("region", "eu", "job", "ignored")));
    HttpResponse<String> r = c.get("/federate?match[]=" + TestClient.enc("{job=~\".+\"}") + "&match[]=a_metric"
        + "&match[]=up");
    assertEquals(200, r.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    long t1 = now - 1000;
    assertEquals("# TYPE a_metric untyped\n"
        + "a_metric{x=\"q\\\"\\\\\\n\",instance=\"\",job=\"ignored\",region=\"eu\"} +Inf " + t1 + "\n"
        + "# TYPE up untyped\n"
        + "up{instance=\"h:1\",job=\"b\",region=\"eu\"} 1 " + (now - 10_000) + "\n"
        + "up{job=\"a\",instance=\"\",region=\"eu\"} 1e+06 " + t1 + "\n", r.body());
  }

  @Test
  void defaultCorsOriginAnswersStar() throws Exception {
    TestClient c = start(WebServerOptions.builder(), new ApiBackend().ready(() -> true).queryable(new FakeStorage()));
    HttpResponse<String> r = c.get("/api/v1/labels", "Origin", "http://anything.example");
    assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertEquals("Origin", r.headers().firstValue("Vary").orElse(""));
    assertTrue(c.get("/api/v1/labels").headers().firstValue("Vary").isEmpty());
  }

  @Test
  void routePrefixAppliesToApi() throws Exception {
    TestClient c = start(WebServerOptions.builder().routePrefix("/p/"), new ApiBackend().ready(() -> true)
        .queryable(new FakeStorage().add(Labels.of("__name__", "up"), 1, 1)));
    assertEquals("{\"status\":\"success\",\"data\":[\"__name__\"]}", c.get("/p/api/v1/labels").body());
    assertEquals(404, c.get("/api/v1/labels").statusCode());
    HttpResponse<String> home = c.get("/p/");
    assertEquals(302, home.statusCode());
    assertEquals("/p/graph", home.headers().firstValue("Location").orElse(""));
  }
}
