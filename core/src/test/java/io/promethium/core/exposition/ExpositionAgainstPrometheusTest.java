package io.promethium.core.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against the real Prometheus (2.42, Debian package) scraping text-format and OpenMetrics
 * bodies: one job per body, served from a loopback HTTP server with the matching Content-Type; a target must
 * be up exactly when our parser for that type accepts its body.
 */
class ExpositionAgainstPrometheusTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

  static final String[] BODIES = {
    // accepted by our parser
    "a 1\n",
    "a{b=\"c\"} 1\n",
    "a{ b = \"c\" , } 1\n",
    "a{b=\"c\"}1\n",
    "a{b=\"c\" d=\"e\"} 1\n",
    "# HELP a x\n# TYPE a gauge\na 1\n",
    "#HELP a\na 1\n",
    "a 1\n  \n\n\t# c\n",
    "a NaN\nb +Inf\nc -Inf\nd inf\n",
    "a{b=\"x\ny\"} 1\n",
    "a 1\n\u0000junk",
    "a{b=\"\\x\"} 1\n",
    "a 1e3\n",
    "a 1\t\n",
    "a 1 1600000000000\n",
    // refused by our parser
    "  a 1\n",
    "a\n",
    "a 1_0\n",
    "a 0x1p3\n",
    "a 1 -5\n",
    "a 1 1.5\n",
    "a{b='c'} 1\n",
    "a{b=\"c\",b=\"d\"} 1\n",
    "{a=\"b\"} 1\n",
    "a 1e400\n",
    "# TYPE a gaugehistogram\na 1\n",
    "a{__name__=\"b\"} 1\n",
    "a true\n",
    "a 1 2 3\n",
    "9a 1\n",
    "a{b=\"c\"} 1 # {t=\"x\"} 1\n",
    "a{b=\"c\\\n\"} 1\n",
    // more edges, each decided by Prometheus
    "a{b=\"c\"} 1 1600000000000 \n",
    "a 1 99999999999999999999\n",
    "a{b=\"\"} 1\n",
    "a{} 1\n",
    "a{,} 1\n",
    "a{b=\"c\",,d=\"e\"} 1\n",
    "a{b=\"c\"}{d=\"e\"} 1\n",
    "a  {b=\"c\"} 1\n",
    "# TYPE a counter extra\na 1\n",
    "# TYPE a COUNTER\na 1\n",
    "#\ta 1\n",
    "# HELP\na 1\n",
    "# TYPE\na 1\n",
    "a 1\r\n",
    "a -0\nb +5\nc .5\nd 5.\ne Infinity\n",
    "a -nan\n",
    "a +NaN\n",
    "a{b=\"c\"} 1 1e3\n",
    "a{b=\"\\q\"} 1\n",
    "a:b:c 1\n_a 1\n:a 1\n",
    "a{_b=\"c\"} 1\n",
    "a{1b=\"c\"} 1\n",
    "a{b:c=\"d\"} 1\n",
    "a 1\nb\n",
    "a 1 +5\n",
    "a 1e-400\n",
  };

  /** Served as application/openmetrics-text: Prometheus then uses its OpenMetrics parser. */
  static final String[] OPENMETRICS_BODIES = {
    "a 1\n# EOF\n",
    "a 1\n",
    "# TYPE a counter\na_total 1 # {t=\"x\"} 2 1.5\n# EOF\n",
    "a_total 1 # {t=\"x\"} 2\n# EOF",
    "a 1 # {t=\"x\"} 2\n# EOF\n",
    "a{b=\"c\",} 1\n# EOF\n",
    "a 1 1600000000.5\n# EOF\n",
    "# HELP a x\n# UNIT a_s s\n# EOF\n",
    "# UNIT a_s x\n# EOF\n",
    "a 1\n# EOF\nb 2\n",
    "# comment\na 1\n# EOF\n",
    "a{b=\"c\",b=\"d\"} 1\n# EOF\n",
    "a_bucket{le=\"1\"} 1 # {} 1\n# EOF\n",
    "a  1\n# EOF\n",
    "a NaN\n# EOF\n",
  };

  @TempDir
  Path dir;

  @Test
  void prometheusScrapesExactlyWhatWeAccept() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus (Debian package) not installed");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (int i = 0; i < BODIES.length + OPENMETRICS_BODIES.length; i++) {
      boolean om = i >= BODIES.length;
      byte[] body = (om ? OPENMETRICS_BODIES[i - BODIES.length] : BODIES[i]).getBytes(StandardCharsets.UTF_8);
      String type = om ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
          : "text/plain; version=0.0.4; charset=utf-8";
      server.createContext("/case/" + i, ex -> {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(body);
        }
      });
    }
    server.start();
    Process prom = null;
    try {
      int port = server.getAddress().getPort();
      StringBuilder cfg = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n");
      for (int i = 0; i < BODIES.length + OPENMETRICS_BODIES.length; i++) {
        cfg.append("- job_name: case").append(i).append("\n  metrics_path: /case/").append(i)
            .append("\n  static_configs: [{targets: ['127.0.0.1:").append(port).append("']}]\n");
      }
      Files.writeString(dir.resolve("prometheus.yml"), cfg);
      int promPort;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        promPort = s.getLocalPort();
      }
      prom = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort)
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      String targets = awaitAllScraped(promPort);
      for (int i = 0; i < BODIES.length + OPENMETRICS_BODIES.length; i++) {
        boolean om = i >= BODIES.length;
        String text = om ? OPENMETRICS_BODIES[i - BODIES.length] : BODIES[i];
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"job\":\"case" + i + "\"[^}]*}.*?\"lastError\":\"((?:[^\"\\\\]|\\\\.)*)\".*?"
            + "\"health\":\"(\\w+)\"").matcher(targets);
        assertTrue(m.find(), "no target for case " + i + " in " + targets);
        String ours = ParseTrace.error(om ? new OpenMetricsParser(b) : new PromTextParser(b));
        assertEquals(m.group(2).equals("up"), ours.isEmpty(),
            "case " + i + " " + text.replace("\n", "\\n") + ": ours '" + ours + "', Prometheus '" + m.group(1) + "'");
      }
    } finally {
      if (prom != null) {
        prom.destroy();
        if (!prom.waitFor(10, TimeUnit.SECONDS)) {
          prom.destroyForcibly();
        }
      }
      server.stop(0);
    }
  }

  /** The /api/v1/targets body once every target has been scraped at least once. */
  private static String awaitAllScraped(int port) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/targets"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        last = client.send(req, HttpResponse.BodyHandlers.ofString()).body();
        List<String> healths = new ArrayList<>();
        Matcher m = Pattern.compile("\"health\":\"(\\w+)\"").matcher(last);
        while (m.find()) {
          healths.add(m.group(1));
        }
        if (healths.size() == BODIES.length + OPENMETRICS_BODIES.length && !healths.contains("unknown")) {
          Thread.sleep(1500); // one more scrape each, so health is settled
          return client.send(req, HttpResponse.BodyHandlers.ofString()).body();
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Prometheus did not scrape every target within 90s: " + last);
  }
}
