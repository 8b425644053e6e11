package io.promethium.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real process: SIGHUP reloads the config, SIGTERM stops cleanly with exit code 0. */
class ProcessLifecycleTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private String get(int port, String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + " " + r.body();
    } catch (Exception e) {
      return "error " + e;
    }
  }

  private String await(int port, String path, String contains) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last = "";
    while (System.nanoTime() < deadline) {
      last = get(port, path);
      if (last.contains(contains)) {
        return last;
      }
      Thread.sleep(100);
    }
    return last;
  }

  @Test
  @Timeout(90)
  void sighupReloadsAndSigtermExitsZero(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, "scrape_configs:\n  - job_name: first\n");
    Path log = dir.resolve("out.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        "io.promethium.server.Main", "--config.file=" + cfg, "--web.listen-address=127.0.0.1:0",
        "--storage.tsdb.path=" + dir.resolve("data")))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      int port = listenPort(log);
      assertTrue(await(port, "/-/ready", "200 ").startsWith("200"), () -> read(log));
      assertTrue(get(port, "/api/v1/status/config").contains("job_name: first"));

      Files.writeString(cfg, "scrape_configs:\n  - job_name: second\n");
      new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
      assertTrue(await(port, "/api/v1/status/config", "job_name: second").contains("job_name: second"),
          () -> read(log));

      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running after SIGTERM");
      assertEquals(0, p.exitValue(), () -> read(log));
      String out = read(log);
      assertTrue(out.contains("msg=\"Received SIGTERM, exiting gracefully...\""), out);
      assertTrue(out.contains("msg=\"See you next time!\""), out);
      assertTrue(out.contains("msg=\"Completed loading of configuration file\""), out);
    } finally {
      p.destroyForcibly();
    }
  }

  /** The port the server bound, from its "Start listening for connections address=/127.0.0.1:N" line. */
  private static int listenPort(Path log) throws InterruptedException {
    java.util.regex.Pattern p = java.util.regex.Pattern.compile("Start listening for connections address=/?[^ ]*:(\\d+)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      java.util.regex.Matcher m = p.matcher(read(log));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no listen line in: " + read(log));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
