package io.promethium.core.relabel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.config.ConfigLoader;
import io.promethium.core.config.PrometheusConfig;
import io.promethium.core.config.ScrapeConfig;
import io.promethium.core.labels.Labels;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Debian's {@code /usr/bin/prometheus} with static targets and relabel rules (loopback only, targets on
 * closed ports) and checks that {@link Relabeler} turns each target's {@code discoveredLabels} into the same
 * {@code labels} — or drops the same targets — as Prometheus reports in {@code /api/v1/targets}.
 */
class RelabelAgainstPrometheusTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

  private static final String CONFIG = """
      global:
        scrape_interval: 1h
        scrape_timeout: 10s
      scrape_configs:
        - job_name: shards
          static_configs:
            - targets: ['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3', '127.0.0.1:4', '127.0.0.1:5', '127.0.0.1:6']
              labels: {env: Prod, team: a}
          relabel_configs:
            - source_labels: [__address__]
              modulus: 3
              target_label: __tmp_shard
              action: hashmod
            - source_labels: [__tmp_shard]
              target_label: shard
            - source_labels: [__tmp_shard]
              regex: '0'
              action: drop
            - source_labels: [env]
              target_label: env_lower
              action: lowercase
            - source_labels: [env, team]
              separator: '-'
              regex: '(\\w+)-(\\w+)'
              target_label: combined
              replacement: '${2}_$1'
        - job_name: mapping
          static_configs:
            - targets: ['127.0.0.1:7']
              labels: {__meta_kind: web, __meta_zone: eu, keepme: x, dropme_1: y, dropme_2: z}
            - targets: ['127.0.0.1:8']
              labels: {__meta_kind: db, __meta_zone: us, keepme: x}
          relabel_configs:
            - regex: __meta_(.+)
              replacement: meta_$1
              action: labelmap
            - regex: dropme_.*
              action: labeldrop
            - source_labels: [meta_kind]
              regex: web|db
              action: keep
            - source_labels: [__address__]
              regex: '([^:]+):(\\d+)'
              target_label: instance
              replacement: 'host-$1-port-$2'
            - source_labels: [meta_zone]
              target_label: zone_upper
              action: uppercase
        - job_name: equal
          static_configs:
            - targets: ['127.0.0.1:9']
              labels: {a: '1', b: '1'}
            - targets: ['127.0.0.1:10']
              labels: {a: '1', b: '2'}
          relabel_configs:
            - source_labels: [a]
              target_label: b
              action: keepequal
      """;

  @Test
  @Timeout(90)
  void sameLabelsAsPrometheus(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), "needs Debian's prometheus package");
    Path cfgFile = dir.resolve("prometheus.yml");
    Files.writeString(cfgFile, CONFIG);
    PrometheusConfig cfg = ConfigLoader.load(cfgFile);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + cfgFile,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      Map<String, Object> data = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int expectedTotal = 10;
      while (System.nanoTime() < deadline) {
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/v1/targets")).build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) ((Map<String, Object>) MiniJson.parse(r.body())).get("data");
            if (((List<?>) d.get("activeTargets")).size() + ((List<?>) d.get("droppedTargets")).size()
                >= expectedTotal) {
              data = d;
              break;
            }
          }
        } catch (java.io.IOException e) {
          // not listening yet
        }
        Thread.sleep(300);
      }
      assertNotNull(data, () -> "prometheus did not report all targets; log: " + readLog(dir));
      int compared = 0;
      List<Labels> droppedByPrometheus = new ArrayList<>();
      for (Object o : (List<?>) data.get("droppedTargets")) {
        droppedByPrometheus.add(labels(((Map<?, ?>) o).get("discoveredLabels")));
      }
      for (Object o : (List<?>) data.get("activeTargets")) {
        Map<?, ?> t = (Map<?, ?>) o;
        Labels discovered = labels(t.get("discoveredLabels"));
        ScrapeConfig sc = cfg.scrapeConfig(discovered.get("job"));
        Labels ours = Relabeler.process(discovered, sc.relabelConfigs());
        assertNotNull(ours, "we dropped " + discovered);
        assertEquals(labels(t.get("labels")), publicLabels(ours), "for " + discovered);
        compared++;
      }
      for (Labels discovered : droppedByPrometheus) {
        ScrapeConfig sc = cfg.scrapeConfig(discovered.get("job"));
        assertEquals(null, Relabeler.process(discovered, sc.relabelConfigs()), "Prometheus dropped " + discovered);
        compared++;
      }
      assertEquals(expectedTotal, compared);
      // 127.0.0.1:1 and :6 hash to shard 0 (MD5, last 8 bytes, mod 3); plus the keepequal mismatch.
      assertEquals(3, droppedByPrometheus.size(), "dropped: " + droppedByPrometheus);
    } finally {
      p.destroy();
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** What a target shows as {@code labels}: instance defaults to the address, {@code __} labels go. */
  private static Labels publicLabels(Labels relabeled) {
    Labels.Builder b = Labels.builder();
    relabeled.forEach((n, v) -> {
      if (!n.startsWith("__")) {
        b.set(n, v);
      }
    });
    if (!relabeled.has("instance")) {
      b.set("instance", relabeled.get("__address__"));
    }
    return b.build();
  }

  private static Labels labels(Object jsonMap) {
    Map<String, String> m = new HashMap<>();
    ((Map<?, ?>) jsonMap).forEach((k, v) -> m.put((String) k, (String) v));
    return Labels.fromMap(m);
  }

  private static String readLog(Path dir) {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (java.io.IOException e) {
      return e.getMessage();
    }
  }
}
