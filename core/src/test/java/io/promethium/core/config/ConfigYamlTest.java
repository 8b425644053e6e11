package io.promethium.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConfigYaml} against what Prometheus shows at {@code /api/v1/status/config}. */
class ConfigYamlTest {
  /** Fields both Debian's 2.42 and 2.48 print the same way (2.42 lacks global limits, prints TLS as 771). */
  private static final String CONFIG = """
      global:
        scrape_interval: 15s
        external_labels:
          cluster: prod
          replica: a
      rule_files: [rules/*.yml]
      alerting:
        alert_relabel_configs:
          - source_labels: [a]
            target_label: b
        alertmanagers:
          - static_configs:
              - targets: ['am:9093']
      scrape_configs:
        - job_name: prometheus
          static_configs:
            - targets: ['localhost:9090']
              labels: {env: test}
        - job_name: full
          honor_labels: true
          honor_timestamps: false
          scrape_interval: 30s
          scrape_timeout: 5s
          metrics_path: /probe
          scheme: https
          params:
            module: [http_2xx, b]
          basic_auth:
            username: u
            password: secret
          tls_config:
            ca_file: /ca.pem
            insecure_skip_verify: true
            server_name: x
          follow_redirects: false
          sample_limit: 5
          label_limit: 3
          file_sd_configs:
            - files: [/t/*.json]
              refresh_interval: 1m
          relabel_configs:
            - source_labels: [__address__, b]
              separator: ','
              regex: (.*)
              target_label: instance
            - action: hashmod
              source_labels: [x]
              modulus: 4
              target_label: y
            - action: labelmap
              regex: __meta_(.+)
            - action: keep
              source_labels: [a]
              regex: x|y
          metric_relabel_configs:
            - action: labeldrop
              regex: tmp_.*
        - job_name: auth
          authorization:
            credentials_file: /token
          static_configs: []
        - job_name: bearer
          bearer_token: abc
      remote_read:
        - url: http://rr/api/v1/read
          read_recent: true
          required_matchers: {job: x}
      """;

  @Test
  @Timeout(60)
  void sameAsPrometheusShowsIt(@TempDir Path dir) throws Exception {
    Path prometheus = Path.of("/usr/bin/prometheus");
    Assumptions.assumeTrue(Files.isExecutable(prometheus), "needs Debian's prometheus package");
    Files.writeString(dir.resolve("p.yml"), CONFIG);
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    // Run with the config directory as working directory and a relative path, as Prometheus is usually run.
    Process p = new ProcessBuilder(prometheus.toString(), "--config.file=p.yml", "--storage.tsdb.path=data",
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      String theirs = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (theirs == null && System.nanoTime() < deadline) {
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/v1/status/config")).build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            theirs = jsonYamlField(r.body());
          }
        } catch (java.io.IOException e) {
          Thread.sleep(100);
        }
      }
      assertNotNull(theirs, () -> readLog(dir));
      // What we load with a relative path (resolved against "." like Prometheus does) and print.
      PrometheusConfig cfg = ConfigLoader.parse(CONFIG, "p.yml");
      String ours = ConfigYaml.marshal(cfg)
          // 2.48 prints this field, 2.42 has not got it.
          .replace("  track_timestamps_staleness: false\n", "");
      assertEquals(theirs, ours);
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }

  @Test
  void secretsKubernetesAndQuoting() throws Exception {
    PrometheusConfig cfg = ConfigLoader.parse("""
        global:
          body_size_limit: 10MB
          sample_limit: 100
        scrape_configs:
          - job_name: '123'
            kubernetes_sd_configs:
              - role: pod
                namespaces: {names: [shop]}
                selectors: [{role: pod, label: app=web}]
            relabel_configs:
              - source_labels: [a]
                target_label: 'y'
                replacement: 'true'
        remote_write:
          - url: http://rw/write
            basic_auth: {username: u, password: p}
        """, "p.yml");
    String y = ConfigYaml.marshal(cfg);
    assertTrue(y.contains("  body_size_limit: 10MiB\n  sample_limit: 100\n"), y);
    assertTrue(y.contains("- job_name: \"123\"\n"), y);
    assertTrue(y.contains("  kubernetes_sd_configs:\n  - role: pod\n    kubeconfig_file: \"\"\n"
        + "    follow_redirects: true\n    enable_http2: true\n    namespaces:\n      own_namespace: false\n"
        + "      names:\n      - shop\n    selectors:\n    - role: pod\n      label: app=web\n"), y);
    assertTrue(y.contains("    target_label: \"y\"\n    replacement: \"true\"\n"), y);
    assertTrue(y.contains("    password: <secret>\n"), y);
    assertTrue(!y.contains(": p\n"), y);
    assertTrue(y.contains("  queue_config:\n    capacity: 10000\n    max_shards: 50\n"), y);
    assertTrue(y.contains("\n  enable_http2: false\n"), y);
    // What we print loads back to the same config.
    assertEquals(ConfigLoader.parse(ConfigYaml.marshal(cfg).replace("<secret>", "p"), "p.yml").scrapeConfigs(),
        cfg.scrapeConfigs());
  }

  /** The "yaml" string of {"status":"success","data":{"yaml":"..."}}. */
  private static String jsonYamlField(String json) {
    int i = json.indexOf("\"yaml\":\"") + 8;
    StringBuilder sb = new StringBuilder();
    for (; json.charAt(i) != '"'; i++) {
      char c = json.charAt(i);
      if (c == '\\') {
        char e = json.charAt(++i);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'u' -> {
            sb.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
            i += 4;
          }
          default -> sb.append(e);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String readLog(Path dir) {
    try {
      return Files.readString(dir.resolve("log"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
