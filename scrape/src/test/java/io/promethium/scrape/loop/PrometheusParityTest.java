package io.promethium.scrape.loop;

import static io.promethium.scrape.testing.Jobs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.scrape.target.Target;
import io.promethium.scrape.target.TargetHealth;
import io.promethium.scrape.testing.FaultServer;
import io.promethium.scrape.testing.Jobs;
import io.promethium.scrape.testing.TestAppendable;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same misbehaving targets scraped by Debian's real {@code prometheus} and by us: the {@code lastError}
 * texts of transport, HTTP and limit failures must match (skipped when prometheus is not installed).
 */
class PrometheusParityTest {
  private static final String BINARY = "/usr/bin/prometheus";

  @Test
  void lastErrorsMatchPrometheus(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(new File(BINARY).canExecute(), "prometheus is not installed");
    try (FaultServer server = new FaultServer()) {
      server.route("/ok", FaultServer.text("ok 1\n"));
      server.route("/500", (req, s, out) ->
          FaultServer.respond(out, 500, "Internal Server Error", "text/plain", "x".getBytes(), null));
      server.route("/hang", (req, s, out) -> {
        try {
          Thread.sleep(3000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return false;
      });
      server.route("/truncated", (req, s, out) -> {
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\nfoo 1\n".getBytes());
        out.flush();
        return false;
      });
      server.route("/big", FaultServer.text("big_metric 1\n".repeat(2000)));
      server.route("/many", FaultServer.text("m1 1\nm2 2\nm3 3\n"));
      server.route("/wide", FaultServer.text("w{a=\"1\",b=\"2\",c=\"3\"} 1\n"));
      int refused;
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        refused = s.getLocalPort();
      }
      String addr = server.address();

      // job -> (metrics path, extra yaml)
      Map<String, String[]> jobs = new java.util.LinkedHashMap<>();
      jobs.put("status", new String[] {"/500", ""});
      jobs.put("hang", new String[] {"/hang", ""});
      jobs.put("truncated", new String[] {"/truncated", ""});
      jobs.put("body", new String[] {"/big", "    body_size_limit: 1KB\n"});
      jobs.put("samples", new String[] {"/many", "    sample_limit: 2\n"});
      jobs.put("labels", new String[] {"/wide", "    label_limit: 2\n"});
      jobs.put("namelen", new String[] {"/wide", "    label_name_length_limit: 1\n    label_limit: 0\n"});
      StringBuilder yml = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 500ms\n"
          + "scrape_configs:\n");
      List<io.promethium.core.config.ScrapeConfig> ours = new ArrayList<>();
      Map<String, List<io.promethium.core.discovery.TargetGroup>> groups = new HashMap<>();
      for (var e : jobs.entrySet()) {
        yml.append("  - job_name: ").append(e.getKey()).append("\n    metrics_path: ").append(e.getValue()[0])
            .append('\n').append(e.getValue()[1]).append("    static_configs:\n      - targets: ['").append(addr)
            .append("']\n");
        Jobs j = Jobs.job(e.getKey()).interval(1000, 500);
        j.metricsPath = e.getValue()[0];
        switch (e.getKey()) {
          case "body" -> j.bodySizeLimit = 1024;
          case "samples" -> j.sampleLimit = 2;
          case "labels" -> j.labelLimit = 2;
          case "namelen" -> j.labelNameLengthLimit = 1;
          default -> { }
        }
        ours.add(j.build());
        groups.put(e.getKey(), List.of(Jobs.group("static", Jobs.target(addr))));
      }
      yml.append("  - job_name: refused\n    static_configs:\n      - targets: ['127.0.0.1:").append(refused)
          .append("']\n");
      ours.add(Jobs.job("refused").interval(1000, 500).build());
      groups.put("refused", List.of(Jobs.group("static", Jobs.target("127.0.0.1:" + refused))));
      yml.append("  - job_name: limited\n    target_limit: 1\n    static_configs:\n      - targets: ['").append(addr)
          .append("', 'localhost:").append(server.port()).append("']\n    metrics_path: /ok\n");
      Jobs limited = Jobs.job("limited").interval(1000, 500);
      limited.targetLimit = 1;
      limited.metricsPath = "/ok";
      ours.add(limited.build());
      groups.put("limited", List.of(Jobs.group("static", Jobs.target(addr), Jobs.target("localhost:" + server.port()))));
      Files.writeString(dir.resolve("prometheus.yml"), yml);

      int port;
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        port = s.getLocalPort();
      }
      Process p = new ProcessBuilder(BINARY, "--config.file=" + dir.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      TestAppendable storage = new TestAppendable();
      try (ScrapeManager m = new ScrapeManager(storage,
          ScrapeManager.Options.defaults().withRegistry(new MetricsRegistry()))) {
        m.applyConfig(ours);
        m.updateTargets(groups);
        Map<String, String> theirs = new HashMap<>();
        boolean done = await(() -> {
          theirs.clear();
          theirs.putAll(prometheusErrors(port));
          return theirs.size() >= jobs.size() + 3 && theirs.values().stream().noneMatch(String::isEmpty);
        }, 20_000);
        assertTrue(done, "prometheus reported every target: " + theirs + "\nlog: "
            + Files.readString(dir.resolve("prometheus.log")));
        assertTrue(await(() -> m.activeTargets().values().stream().flatMap(List::stream)
            .allMatch(t -> t.status().health() == TargetHealth.DOWN), 10_000));
        // Same request headers as Prometheus, but for the User-Agent.
        FaultServer.Request theirReq = lastRequest(server, "Prometheus/");
        FaultServer.Request ourReq = lastRequest(server, "Promethium/");
        for (String h : new String[] {"Accept", "Accept-Encoding", "X-Prometheus-Scrape-Timeout-Seconds"}) {
          assertEquals(theirReq.header(h), ourReq.header(h), h);
        }
        // A scrape may time out now and then on a loaded machine; give both sides a few rounds to agree.
        await(() -> {
          Map<String, String> now = prometheusErrors(port);
          return m.activeTargets().entrySet().stream().allMatch(e -> e.getValue().stream().allMatch(t ->
              t.status().lastError().equals(now.get(e.getKey() + " " + t.scrapeUrl()))));
        }, 10_000);
        theirs.clear();
        theirs.putAll(prometheusErrors(port));
        for (var e : m.activeTargets().entrySet()) {
          for (Target t : e.getValue()) {
            String key = e.getKey() + " " + t.scrapeUrl();
            assertEquals(theirs.get(key), t.status().lastError(), key);
          }
        }
      } finally {
        p.destroy();
        p.waitFor();
      }
    }
  }

  private static FaultServer.Request lastRequest(FaultServer server, String agentPrefix) {
    FaultServer.Request found = null;
    for (FaultServer.Request r : server.requests()) {
      if (r.target().equals("/500") && r.header("User-Agent") != null
          && r.header("User-Agent").startsWith(agentPrefix)) {
        found = r;
      }
    }
    assertTrue(found != null, "no request from " + agentPrefix);
    return found;
  }

  private static final Pattern TARGET = Pattern.compile(
      "\"scrapePool\":\"([^\"]*)\",\"scrapeUrl\":\"([^\"]*)\",\"globalUrl\":\"[^\"]*\",\"lastError\":\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** "pool scrapeUrl" -> lastError from Prometheus's /api/v1/targets (JSON unescaped for quotes only). */
  private static Map<String, String> prometheusErrors(int port) {
    Map<String, String> out = new HashMap<>();
    try {
      String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/api/v1/targets?state=active")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = TARGET.matcher(json);
      while (m.find()) {
        out.put(m.group(1) + " " + m.group(2).replace("\\u0026", "&"),
            m.group(3).replace("\\\"", "\"").replace("\\\\", "\\"));
      }
    } catch (Exception e) {
      // not up yet
    }
    return out;
  }
}
