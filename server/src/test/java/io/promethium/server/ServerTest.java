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
}
