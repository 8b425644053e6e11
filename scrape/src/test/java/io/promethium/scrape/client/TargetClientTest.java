package io.promethium.scrape.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.scrape.testing.FaultServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetClientTest {
  private static ScrapeClient client;
  private static FaultServer server;

  @BeforeAll
  static void setUp() throws IOException {
    client = new ScrapeClient(1);
    server = new FaultServer();
  }

  @AfterAll
  static void tearDown() throws IOException {
    server.close();
    client.close();
  }

  static ScrapeException scrape(TargetClient c, long timeoutMillis) throws Exception {
    CompletableFuture<ScrapeException> f = new CompletableFuture<>();
    c.scrape(timeoutMillis, err -> f.complete(err == null ? null : err));
    return f.get(10, TimeUnit.SECONDS);
  }

  private static String body(TargetClient c) {
    return new String(c.body().array(), 0, c.body().length(), StandardCharsets.UTF_8);
  }

  @Test
  void sendsPrometheusHeadersAndReusesTheConnection() throws Exception {
    server.route("/ok", FaultServer.text("a 1\n"));
    int before = server.connections();
    TargetClient c = client.newTarget(URI.create(server.url("/ok?x=1")), ClientSettings.defaults());
    for (int i = 0; i < 3; i++) {
      assertNull(scrape(c, 2500));
      assertEquals("a 1\n", body(c));
      assertEquals("text/plain; version=0.0.4", c.contentType());
    }
    assertEquals(1, server.connections() - before, "keep-alive: one connection for three scrapes");
    FaultServer.Request r = server.requests().get(server.requests().size() - 1);
    assertEquals("/ok?x=1", r.target());
    assertEquals(ClientSettings.PROMETHEUS_ACCEPT, r.header("Accept"));
    assertEquals("gzip", r.header("Accept-Encoding"));
    assertEquals("2.5", r.header("X-Prometheus-Scrape-Timeout-Seconds"));
    assertTrue(r.header("User-Agent").startsWith("Promethium/"));
    assertEquals(server.address(), r.header("Host"));
    c.close();
  }

  @Test
  void hostNamesAreResolvedOffTheEventLoop() throws Exception {
    server.route("/named", FaultServer.text("n 1\n"));
    TargetClient c = client.newTarget(URI.create("http://localhost:" + server.port() + "/named"),
        ClientSettings.defaults());
    assertNull(scrape(c, 2000));
    assertEquals("n 1\n", body(c));
    assertEquals("localhost:" + server.port(), last().header("Host"));
    c.close();
  }

  @Test
  void timeoutHeaderIsFormattedLikeGo() {
    assertEquals("10", TargetClient.seconds(10_000));
    assertEquals("0.5", TargetClient.seconds(500));
    assertEquals("9.999", TargetClient.seconds(9_999));
  }

  @Test
  void reconnectsWhenTheServerClosesAfterEachResponse() throws Exception {
    server.route("/close", (req, s, out) -> {
      FaultServer.respond(out, 200, "OK", "text/plain", "b 2\n".getBytes(), "Connection: close\r\n");
      return false;
    });
    TargetClient c = client.newTarget(URI.create(server.url("/close")), ClientSettings.defaults());
    for (int i = 0; i < 3; i++) {
      assertNull(scrape(c, 2000));
      assertEquals("b 2\n", body(c));
    }
    c.close();
  }

  @Test
  void bodyDelimitedByCloseAndChunkedBodies() throws Exception {
    server.route("/eof", (req, s, out) -> {
      out.write("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nx 1\ny 2\n".getBytes());
      return false;
    });
    TargetClient c = client.newTarget(URI.create(server.url("/eof")), ClientSettings.defaults());
    assertNull(scrape(c, 2000));
    assertEquals("x 1\ny 2\n", body(c));
    assertNull(scrape(c, 2000), "reconnects after the server closed");
    c.close();

    server.route("/chunked", (req, s, out) -> {
      out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "4\r\nz 1\n\r\n4\r\nw 2\n\r\n0\r\n\r\n").getBytes());
      return true;
    });
    TargetClient d = client.newTarget(URI.create(server.url("/chunked")), ClientSettings.defaults());
    assertNull(scrape(d, 2000));
    assertEquals("z 1\nw 2\n", body(d));
    d.close();
  }

  /** Bodies larger than the loop's shared read buffer take several reads; two targets share the buffer. */
  @Test
  void bodiesLargerThanTheReadBufferArriveIntact() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < 3 * LoopReadBuffer.SIZE + 17; i++) {
      sb.append("big_series_total{i=\"").append(i).append("\"} ").append(i * 7).append('\n');
    }
    String big = sb.toString();
    String small = "s 1\n".repeat(300);
    server.route("/big", FaultServer.text(big));
    server.route("/small", FaultServer.text(small));
    TargetClient b = client.newTarget(URI.create(server.url("/big")), ClientSettings.defaults());
    TargetClient s = client.newTarget(URI.create(server.url("/small")), ClientSettings.defaults());
    for (int i = 0; i < 3; i++) {
      assertNull(scrape(b, 5000));
      assertEquals(big, body(b));
      b.releaseBody();
      assertNull(scrape(s, 5000));
      assertEquals(small, body(s));
      s.releaseBody();
    }
    b.close();
    s.close();
  }

  @Test
  void gunzipsBodies() throws Exception {
    byte[] plain = "c{x=\"1\"} 3\n".repeat(1000).getBytes();
    byte[] gz = FaultServer.gzip(plain);
    server.route("/gz", (req, s, out) ->
        FaultServer.respond(out, 200, "OK", "text/plain", gz, "Content-Encoding: gzip\r\n"));
    TargetClient c = client.newTarget(URI.create(server.url("/gz")), ClientSettings.defaults());
    assertNull(scrape(c, 2000));
    assertEquals(new String(plain), body(c));
    c.close();
  }

  @Test
  void gzipBombStopsAtTheBodyLimitWithBoundedMemory() throws Exception {
    byte[] bomb = FaultServer.gzip(new byte[64 << 20]);
    server.route("/bomb", (req, s, out) ->
        FaultServer.respond(out, 200, "OK", "text/plain", bomb, "Content-Encoding: gzip\r\n"));
    TargetClient c = client.newTarget(URI.create(server.url("/bomb")),
        ClientSettings.defaults().withBodySizeLimit(1 << 20));
    ScrapeException e = scrape(c, 5000);
    assertNotNull(e);
    assertEquals("body size limit exceeded", e.getMessage());
    assertEquals(ScrapeException.Kind.BODY_SIZE_LIMIT, e.kind());
    assertTrue(c.body().array().length <= 1 << 20, "buffer stayed within the limit");
    c.close();
  }

  @Test
  void plainBodyOverTheLimitFails() throws Exception {
    byte[] big = new byte[100_000];
    server.route("/big", (req, s, out) -> FaultServer.respond(out, 200, "OK", "text/plain", big, null));
    TargetClient c = client.newTarget(URI.create(server.url("/big")),
        ClientSettings.defaults().withBodySizeLimit(100_000));
    ScrapeException e = scrape(c, 5000);
    assertEquals("body size limit exceeded", e.getMessage());
    c.close();
    TargetClient ok = client.newTarget(URI.create(server.url("/big")),
        ClientSettings.defaults().withBodySizeLimit(100_001));
    assertNull(scrape(ok, 5000));
    ok.close();
  }

  @Test
  void corruptGzipFails() throws Exception {
    byte[] gz = FaultServer.gzip("abc\n".getBytes());
    gz[gz.length - 5] ^= 0x55;
    server.route("/badgz", (req, s, out) ->
        FaultServer.respond(out, 200, "OK", "text/plain", gz, "Content-Encoding: gzip\r\n"));
    TargetClient c = client.newTarget(URI.create(server.url("/badgz")), ClientSettings.defaults());
    assertEquals("gzip: invalid checksum", scrape(c, 2000).getMessage());
    byte[] notGz = "hello, this is not gzip".getBytes();
    server.route("/notgz", (req, s, out) ->
        FaultServer.respond(out, 200, "OK", "text/plain", notGz, "Content-Encoding: gzip\r\n"));
    TargetClient d = client.newTarget(URI.create(server.url("/notgz")), ClientSettings.defaults());
    assertEquals("gzip: invalid header", scrape(d, 2000).getMessage());
    c.close();
    d.close();
  }

  @Test
  void non200IsAnError() throws Exception {
    server.route("/500", (req, s, out) ->
        FaultServer.respond(out, 500, "Internal Server Error", "text/plain", "boom".getBytes(), null));
    TargetClient c = client.newTarget(URI.create(server.url("/500")), ClientSettings.defaults());
    ScrapeException e = scrape(c, 2000);
    assertEquals("server returned HTTP status 500 Internal Server Error", e.getMessage());
    // The connection stays usable after a drained error response.
    server.route("/500", FaultServer.text("d 4\n"));
    assertNull(scrape(c, 2000));
    c.close();
  }

  @Test
  void hangingServerTimesOut() throws Exception {
    server.route("/hang", (req, s, out) -> {
      sleep(3000);
      return false;
    });
    TargetClient c = client.newTarget(URI.create(server.url("/hang")), ClientSettings.defaults());
    long t0 = System.nanoTime();
    ScrapeException e = scrape(c, 300);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals("Get \"" + server.url("/hang") + "\": context deadline exceeded", e.getMessage());
    assertEquals(ScrapeException.Kind.TIMEOUT, e.kind());
    assertTrue(ms < 2500, "gave up at the timeout, took " + ms + " ms");
    c.close();
  }

  @Test
  void slowBodyTimesOut() throws Exception {
    server.route("/slow", (req, s, out) -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc".getBytes());
      out.flush();
      sleep(2000);
      return false;
    });
    TargetClient c = client.newTarget(URI.create(server.url("/slow")), ClientSettings.defaults());
    assertEquals(ScrapeException.Kind.TIMEOUT, scrape(c, 300).kind());
    c.close();
  }

  @Test
  void connectionRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/metrics";
    TargetClient c = client.newTarget(URI.create(url), ClientSettings.defaults());
    ScrapeException e = scrape(c, 2000);
    assertEquals("Get \"" + url + "\": dial tcp 127.0.0.1:" + port + ": connect: connection refused",
        e.getMessage());
    c.close();
  }

  @Test
  void connectionResetAndTruncatedBody() throws Exception {
    server.route("/reset", (req, s, out) -> {
      s.setSoLinger(true, 0);
      s.close();
      return false;
    });
    TargetClient c = client.newTarget(URI.create(server.url("/reset")), ClientSettings.defaults());
    ScrapeException e = scrape(c, 2000);
    assertEquals(ScrapeException.Kind.CONNECTION, e.kind());
    assertTrue(e.getMessage().startsWith("Get \"" + server.url("/reset") + "\": "), e.getMessage());

    server.route("/trunc", (req, s, out) -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nabc 1\n".getBytes());
      out.flush();
      return false;
    });
    TargetClient d = client.newTarget(URI.create(server.url("/trunc")), ClientSettings.defaults());
    ScrapeException t = scrape(d, 2000);
    assertEquals("unexpected EOF", t.getMessage());
    c.close();
    d.close();
  }

  @Test
  void followsRedirectsUnlessDisabled() throws Exception {
    server.route("/moved", (req, s, out) -> FaultServer.respond(out, 302, "Found", "text/plain", new byte[0],
        "Location: /target\r\n"));
    server.route("/target", FaultServer.text("e 5\n"));
    TargetClient c = client.newTarget(URI.create(server.url("/moved")), ClientSettings.defaults());
    assertNull(scrape(c, 2000));
    assertEquals("e 5\n", body(c));
    ClientSettings noFollow = new ClientSettings(ClientSettings.PROMETHEUS_ACCEPT, "x", null, null, null, false,
        null, 0);
    TargetClient d = client.newTarget(URI.create(server.url("/moved")), noFollow);
    assertEquals("server returned HTTP status 302 Found", scrape(d, 2000).getMessage());
    server.route("/loop", (req, s, out) -> FaultServer.respond(out, 302, "Found", null, new byte[0],
        "Location: /loop\r\n"));
    TargetClient l = client.newTarget(URI.create(server.url("/loop")), ClientSettings.defaults());
    assertTrue(scrape(l, 2000).getMessage().endsWith("stopped after 10 redirects"));
    c.close();
    d.close();
    l.close();
  }

  @Test
  void basicAuthAndRotatingCredentialsFile(@TempDir Path dir) throws Exception {
    server.route("/auth", FaultServer.text("f 6\n"));
    ClientSettings basic = new ClientSettings(ClientSettings.PROMETHEUS_ACCEPT, "x", null, null,
        AuthorizationHeader.basic("user", "pa:ss"), true, null, 0);
    TargetClient c = client.newTarget(URI.create(server.url("/auth")), basic);
    assertNull(scrape(c, 2000));
    assertEquals("Basic " + Base64.getEncoder().encodeToString("user:pa:ss".getBytes()),
        last().header("Authorization"));

    Path token = dir.resolve("token");
    Files.writeString(token, "first\n");
    ClientSettings bearer = new ClientSettings(ClientSettings.PROMETHEUS_ACCEPT, "x", null, null,
        AuthorizationHeader.credentialsFile("Bearer", token), true, null, 0);
    TargetClient d = client.newTarget(URI.create(server.url("/auth")), bearer);
    assertNull(scrape(d, 2000));
    assertEquals("Bearer first", last().header("Authorization"));
    Files.writeString(token, "second-token\n");
    Files.setLastModifiedTime(token, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertNull(scrape(d, 2000));
    assertEquals("Bearer second-token", last().header("Authorization"));

    Files.delete(token);
    ScrapeException e = scrape(d, 2000);
    assertTrue(e.getMessage().startsWith("unable to read credentials file"), e.getMessage());
    c.close();
    d.close();
  }

  private static FaultServer.Request last() {
    return server.requests().get(server.requests().size() - 1);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
