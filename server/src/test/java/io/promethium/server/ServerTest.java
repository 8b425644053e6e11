package io.promethium.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.config.ConfigException;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.server.cli.FlagParser;
import io.promethium.server.cli.Flags;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the server on an ephemeral loopback port and drives its lifecycle. */
class ServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(Server s, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.webPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(Server s, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.webPort() + path))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void startsServesReloadsAndStops(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, "global:\n  external_labels:\n    a: one\nscrape_configs:\n  - job_name: x\n");
    Flags flags = FlagParser.parse(new String[] {"--config.file=" + cfg, "--web.listen-address=127.0.0.1:0",
        "--web.enable-lifecycle", "--storage.tsdb.path=" + dir.resolve("data")}).flags();
    ConfigSource source = ConfigSource.forFlag(flags.configFile(), true);
    Server s = new Server(flags, source, source.load(), new MetricsRegistry());
    s.start();
    try {
      assertEquals(200, get(s, "/-/healthy").statusCode());
      assertEquals(200, get(s, "/-/ready").statusCode());
      String flagsJson = get(s, "/api/v1/status/flags").body();
      assertTrue(flagsJson.contains("\"web.enable-lifecycle\":\"true\""), flagsJson);
      assertTrue(get(s, "/api/v1/status/config").body().contains("job_name: x"));

      Files.writeString(cfg, "global:\n  external_labels:\n    a: two\n");
      assertEquals(200, post(s, "/-/reload").statusCode());
      assertEquals("two", s.externalLabels().get("a"));
      assertTrue(get(s, "/metrics").body().contains("prometheus_config_last_reload_successful 1"));

      Files.writeString(cfg, "global:\n  scrape_intervall: 1m\n");
      assertThrows(ConfigException.class, s::reload);
      assertEquals("two", s.externalLabels().get("a"), "old config stays in force");
      assertTrue(get(s, "/metrics").body().contains("prometheus_config_last_reload_successful 0"));
    } finally {
      s.stop();
    }
    s.awaitStop();
  }

  @Test
  void embeddedConfigIsUsedWhenDefaultFileIsAbsent() throws Exception {
    ConfigSource src = ConfigSource.forFlag("no-such-dir/prometheus.yml", false);
    assertTrue(src.isEmbedded());
    assertEquals("prometheus", src.load().scrapeConfigs().get(0).jobName());
    assertTrue(!ConfigSource.forFlag("no-such-dir/prometheus.yml", true).isEmbedded());
  }

  @Test
  void scrapesAStaticTargetAndAnswersQueries(@TempDir Path dir) throws Exception {
    com.sun.net.httpserver.HttpServer target = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    target.createContext("/metrics", ex -> {
      byte[] body = "# TYPE shop_orders_total counter\nshop_orders_total{shop=\"gems\"} 42\n"
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    target.start();
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: shop\n"
        + "    static_configs:\n      - targets: ['127.0.0.1:" + target.getAddress().getPort() + "']\n"
        + "        labels: {env: test}\n");
    Flags flags = FlagParser.parse(new String[] {"--config.file=" + cfg, "--web.listen-address=127.0.0.1:0",
        "--storage.tsdb.path=" + dir.resolve("data")}).flags();
    ConfigSource source = ConfigSource.forFlag(flags.configFile(), true);
    Server s = new Server(flags, source, source.load(), new MetricsRegistry());
    s.start();
    try {
      String body = "";
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (System.nanoTime() < deadline) {
        body = get(s, "/api/v1/query?query=shop_orders_total").body();
        if (body.contains("\"42\"")) {
          break;
        }
        Thread.sleep(200);
      }
      assertTrue(body.contains("\"job\":\"shop\"") && body.contains("\"env\":\"test\"")
          && body.contains("\"42\""), body);
      String targets = get(s, "/api/v1/targets").body();
      assertTrue(targets.contains("\"health\":\"up\""), targets);
    } finally {
      s.stop();
      target.stop(0);
    }
  }
}
