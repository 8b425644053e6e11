package io.promethium.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.promethium.core.labels.Labels;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.Appender;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SeriesSet;
import io.promethium.core.storage.StaleNaN;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data directories shared with the real Prometheus (Debian's 2.42): one written by Prometheus is read by
 * Promethium, and one written by Promethium is read by {@code promtool tsdb dump}. Compares every sample.
 */
class PrometheusInteropTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @TempDir Path tmp;

  /** "labels t value" lines, sorted, NaN spelled one way. */
  static TreeSet<String> ourDump(Path dir) throws Exception {
    TreeSet<String> out = new TreeSet<>();
    try (Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withCompactionInterval(Duration.ZERO));
        Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet ss = q.select(true, null, Matcher.of(MatchType.REGEX, "__name__", ".+"));
      SampleIterator it = null;
      while (ss.next()) {
        it = ss.at().iterator(it);
        while (it.next()) {
          out.add(line(ss.at().labels().toString(), it.timestamp(), it.value()));
        }
        assertEquals(null, it.error());
      }
      assertEquals(null, ss.error());
    }
    return out;
  }

  static String line(String labels, long t, double v) {
    return labels + " " + t + " " + (Double.isNaN(v) ? "NaN" : Double.toString(v));
  }

  static TreeSet<String> promtoolDump(Path dir) throws Exception {
    Process p = new ProcessBuilder(PROMTOOL.toString(), "tsdb", "dump", dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String outText;
    try (InputStream in = p.getInputStream()) {
      outText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "promtool tsdb dump failed");
    TreeSet<String> out = new TreeSet<>();
    for (String l : outText.split("\n")) {
      if (l.isBlank()) {
        continue;
      }
      int b = l.lastIndexOf(' ');
      int a = l.lastIndexOf(' ', b - 1);
      String v = l.substring(a + 1, b);
      double d = switch (v) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(v);
      };
      out.add(line(l.substring(0, a), Long.parseLong(l.substring(b + 1)), d));
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int httpGet(String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      int code = c.getResponseCode();
      c.disconnect();
      return code;
    } catch (IOException e) {
      return -1;
    }
  }

  /** A running Prometheus scraping a tiny target every second, with its data dir. */
  private final class Running implements AutoCloseable {
    final HttpServer target;
    final Process prom;
    final int port;
    final Path data = tmp.resolve("data");
    final AtomicInteger hits = new AtomicInteger();

    Running() throws Exception {
      target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      target.createContext("/metrics", ex -> {
        int n = hits.incrementAndGet();
        String body = "# TYPE interop_counter counter\ninterop_counter{path=\"/a\"} " + n * 3 + "\n"
            + "interop_counter{path=\"/b\"} " + n + "\n# TYPE interop_gauge gauge\ninterop_gauge " + (n * 0.25) + "\n";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
      });
      target.start();
      Path config = tmp.resolve("prometheus.yml");
      Files.writeString(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: interop\n"
          + "    static_configs:\n      - targets: ['127.0.0.1:" + target.getAddress().getPort() + "']\n");
      port = freePort();
      prom = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (httpGet("http://127.0.0.1:" + port + "/-/ready") != 200) {
        assertTrue(System.nanoTime() < deadline, "prometheus did not become ready: " + Files.readString(tmp.resolve("prometheus.log")));
        Thread.sleep(200);
      }
      while (hits.get() < 6) {
        assertTrue(System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(30), "prometheus did not scrape");
        Thread.sleep(200);
      }
    }

    /** Every sample of the interop_* series as Prometheus's API returns them, as dump lines. */
    TreeSet<String> query() throws Exception {
      String q = java.net.URLEncoder.encode("{__name__=~\"interop_.*\"}[1h]", StandardCharsets.UTF_8);
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + q).toURL().openConnection();
      String json;
      try (InputStream in = c.getInputStream()) {
        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      TreeSet<String> out = new TreeSet<>();
      java.util.regex.Matcher series = java.util.regex.Pattern.compile("\\{\"metric\":\\{([^}]*)\\},\"values\":\\[(.*?)\\]\\]").matcher(json);
      while (series.find()) {
        Labels.Builder lb = Labels.builder();
        java.util.regex.Matcher kv = java.util.regex.Pattern.compile("\"([^\"]+)\":\"([^\"]*)\"").matcher(series.group(1));
        while (kv.find()) {
          lb.set(kv.group(1), kv.group(2));
        }
        String labels = lb.build().toString();
        java.util.regex.Matcher v = java.util.regex.Pattern.compile("\\[([0-9.]+),\"([^\"]*)\"").matcher(series.group(2));
        while (v.find()) {
          long t = new java.math.BigDecimal(v.group(1)).movePointRight(3).longValueExact();
          out.add(line(labels, t, Double.parseDouble(v.group(2))));
        }
      }
      return out;
    }

    @Override
    public void close() throws Exception {
      prom.destroy();
      prom.waitFor(30, TimeUnit.SECONDS);
      target.stop(0);
    }
  }

  @Test
  void prometheusWrittenDataDirOpensInPromethium() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL),
        "Debian's prometheus package is not installed");
    Path data;
    try (Running r = new Running()) {
      data = r.data;
      r.prom.destroy(); // SIGTERM: clean shutdown
      assertTrue(r.prom.waitFor(30, TimeUnit.SECONDS));
    }
    TreeSet<String> theirs = promtoolDump(data);
    assertTrue(theirs.size() > 20, "too few samples: " + theirs.size());
    TreeSet<String> ours = ourDump(data);
    assertEquals(theirs, ours);
  }

  @Test
  void prometheusKilledMidScrapeOpensWithEveryQueriedSample() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), "Debian's prometheus package is not installed");
    TreeSet<String> queried;
    Path data;
    try (Running r = new Running()) {
      data = r.data;
      queried = r.query();
      r.prom.destroyForcibly(); // SIGKILL: no shutdown, WAL tail as it was
      assertTrue(r.prom.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(queried.size() >= 15, "too few samples queried: " + queried.size());
    TreeSet<String> ours = ourDump(data);
    TreeSet<String> missing = new TreeSet<>(queried);
    missing.removeAll(ours);
    assertEquals(new TreeSet<>(), missing);
  }

  @Test
  void promethiumWrittenDataDirReadsInPromtool() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "Debian's prometheus package is not installed");
    Path data = tmp.resolve("ours");
    long hour = 3_600_000L;
    try (Tsdb db = Tsdb.open(data, TsdbOptions.defaults().withCompactionInterval(Duration.ZERO).withWalSegmentSize(32 * 1024))) {
      long[] refs = new long[20];
      java.util.Random r = new java.util.Random(11);
      for (long t = 1_700_000_000_000L; t < 1_700_000_000_000L + 5 * hour; t += 30_000) {
        Appender a = db.appender();
        for (int i = 0; i < refs.length; i++) {
          double v = i % 3 == 0 ? r.nextGaussian() : i % 3 == 1 ? t / 1000 : (t % 600_000 == 0 ? StaleNaN.VALUE : i);
          refs[i] = a.append(refs[i], Labels.of("__name__", "ours_" + (i % 4), "i", Integer.toString(i), "utf", "ä€"), t, v);
        }
        a.commit();
      }
      db.compact(); // blocks + checkpoint + head chunks + WAL: every kind of file
      assertTrue(!db.blocks().isEmpty());
    }
    assertTrue(Files.list(data.resolve("wal")).anyMatch(p -> p.getFileName().toString().startsWith("checkpoint.")));
    assertTrue(Files.list(data.resolve("chunks_head")).findAny().isPresent());
    TreeSet<String> ours = ourDump(data);
    assertEquals(20 * 600, ours.size());
    assertEquals(ours, promtoolDump(data));
  }

  static List<String> firstDiff(TreeSet<String> a, TreeSet<String> b) {
    List<String> out = new ArrayList<>();
    for (String s : a) {
      if (!b.contains(s) && out.size() < 5) {
        out.add("-" + s);
      }
    }
    return out;
  }
}
