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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Debian's {@code /usr/bin/prometheus} with static targets and relabel rules (loopback only, targets on
 * closed ports) — a fixed set plus 40 jobs drawn at random (seed printed on failure; rerun with {@code
 * -Drelabel.seed=N}) — and checks that {@link Relabeler} turns each target's {@code discoveredLabels} into the same
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

  /** Rules drawn at random for the generated jobs; each is valid on its own and keeps __address__. */
  private static final String[] RULES = {
    "- source_labels: [env]\n  target_label: env_copy\n",
    "- source_labels: [__address__]\n  regex: '([^:]+):(\\d+)'\n  target_label: port\n  replacement: $2\n",
    "- source_labels: [__meta_kind]\n  regex: '(\\w+)'\n  target_label: kind_${1}\n  replacement: 'yes'\n",
    "- source_labels: [env]\n  regex: Prod|dev\n  action: keep\n",
    "- source_labels: [team]\n  regex: 'b-.*'\n  action: drop\n",
    "- source_labels: [__address__]\n  modulus: 5\n  target_label: __tmp_h\n  action: hashmod\n"
        + "- source_labels: [__tmp_h]\n  regex: '[0-2]'\n  action: keep\n",
    "- regex: __meta_(.+)\n  replacement: m_$1\n  action: labelmap\n",
    "- regex: zone\n  action: labeldrop\n",
    "- regex: '__.*|job|env|team|instance'\n  action: labelkeep\n",
    "- source_labels: [team]\n  target_label: team_l\n  action: lowercase\n",
    "- source_labels: [team]\n  target_label: team_u\n  action: uppercase\n",
    "- source_labels: [env]\n  target_label: env_copy\n- source_labels: [env]\n  target_label: env_copy\n"
        + "  action: keepequal\n",
    "- source_labels: [team]\n  target_label: env\n  action: dropequal\n",
    "- source_labels: [env, zone]\n  separator: /\n  target_label: ez\n",
    "- source_labels: [__address__]\n  regex: '(.*):.*'\n  target_label: instance\n",
    "- source_labels: [zone]\n  target_label: dollar\n  replacement: $$1-${1}x\n",
    "- source_labels: [__address__]\n  regex: '(?P<host>[^:]+):.*'\n  target_label: host\n"
        + "  replacement: h-${host}\n",
    "- source_labels: [team]\n  regex: '(?i)B-C'\n  action: drop\n",
    "- source_labels: [missing]\n  target_label: env\n",
  };
  private static final String[][] LABEL_VALUES = {
    {"env", "Prod", "dev", "Test"}, {"team", "a", "b-c", "X_y"}, {"zone", "eu-1", "us-2"},
    {"__meta_kind", "web", "db"}, {"__meta_port", "8000", "9100"}};

  /** Appends {@code jobs} random jobs to {@code base}; targets use loopback ports from 1000 upwards. */
  private static String withRandomJobs(String base, long seed, int jobs, int[] targetCount) {
    java.util.Random rnd = new java.util.Random(seed);
    StringBuilder sb = new StringBuilder(base);
    int port = 1000;
    for (int j = 0; j < jobs; j++) {
      sb.append("  - job_name: random").append(j).append("\n    static_configs:\n");
      int groups = 1 + rnd.nextInt(3);
      for (int g = 0; g < groups; g++) {
        sb.append("      - targets: ['127.0.0.1:").append(port++).append("']\n        labels: {");
        String sep = "";
        for (String[] lv : LABEL_VALUES) {
          if (rnd.nextInt(4) > 0) {
            sb.append(sep).append(lv[0]).append(": '").append(lv[1 + rnd.nextInt(lv.length - 1)]).append("'");
            sep = ", ";
          }
        }
        sb.append("}\n");
        targetCount[0]++;
      }
      sb.append("    relabel_configs:\n");
      int rules = 1 + rnd.nextInt(4);
      for (int r = 0; r < rules; r++) {
        String rule = RULES[rnd.nextInt(RULES.length)];
        sb.append(("      " + rule.strip()).replace("\n", "\n      ")).append("\n");
      }
    }
    return sb.toString();
  }

  @Test
  @Timeout(90)
  void sameLabelsAsPrometheus(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), "needs Debian's prometheus package");
    Path cfgFile = dir.resolve("prometheus.yml");
    long seed = Long.getLong("relabel.seed", System.nanoTime());
    int[] randomTargets = {0};
    Files.writeString(cfgFile, withRandomJobs(CONFIG, seed, 40, randomTargets));
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
      int expectedTotal = 10 + randomTargets[0];
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
      // Prometheus 2.42 may show relabelled values in discoveredLabels (its relabeling can write into the
      // shared input), so the inputs come from our own reading of the config; targets match by address.
      Map<String, Map<?, ?>> activeByAddress = new HashMap<>();
      for (Object o : (List<?>) data.get("activeTargets")) {
        Map<?, ?> t = (Map<?, ?>) o;
        activeByAddress.put(URI.create((String) t.get("scrapeUrl")).getRawAuthority(), t);
      }
      java.util.Set<String> droppedAddresses = new java.util.HashSet<>();
      for (Object o : (List<?>) data.get("droppedTargets")) {
        droppedAddresses.add(labels(((Map<?, ?>) o).get("discoveredLabels")).get("__address__"));
      }
      int compared = 0;
      int droppedFixed = 0;
      for (ScrapeConfig sc : cfg.scrapeConfigs()) {
        for (io.promethium.core.config.StaticConfig group : sc.staticConfigs()) {
          for (String address : group.targets()) {
            Labels discovered = group.labels().toBuilder()
                .set("__address__", address).set("job", sc.jobName())
                .set("__metrics_path__", sc.metricsPath()).set("__scheme__", sc.scheme())
                .set("__scrape_interval__", io.promethium.core.config.PrometheusDuration.format(sc.scrapeInterval()))
                .set("__scrape_timeout__", io.promethium.core.config.PrometheusDuration.format(sc.scrapeTimeout()))
                .build();
            Labels ours = Relabeler.process(discovered, sc.relabelConfigs());
            if (ours == null) {
              assertTrue(droppedAddresses.contains(address), "seed " + seed + ": we dropped " + discovered);
              droppedFixed += sc.jobName().startsWith("random") ? 0 : 1;
            } else {
              Map<?, ?> t = activeByAddress.get(address);
              assertNotNull(t, "seed " + seed + ": Prometheus dropped " + discovered);
              assertEquals(labels(t.get("labels")), publicLabels(ours), "seed " + seed + " for " + discovered);
            }
            compared++;
          }
        }
      }
      assertEquals(expectedTotal, compared);
      // Fixed jobs: 127.0.0.1:1 and :6 hash to shard 0 (MD5, last 8 bytes, mod 3); the keepequal mismatch.
      assertEquals(3, droppedFixed);
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
