package io.promethium.scrape.loop;

import static io.promethium.scrape.testing.Jobs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.scrape.target.Target;
import io.promethium.scrape.testing.Jobs;
import io.promethium.scrape.testing.TestAppendable;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** End to end against Debian's real node exporter on loopback (skipped when it is not installed). */
class NodeExporterScrapeTest {
  private static final String BINARY = "/usr/bin/prometheus-node-exporter";

  @Test
  void scrapesTheRealNodeExporter() throws Exception {
    Assumptions.assumeTrue(new File(BINARY).canExecute(), "prometheus-node-exporter is not installed");
    int port;
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      port = s.getLocalPort();
    }
    String addr = "127.0.0.1:" + port;
    Process p = new ProcessBuilder(BINARY, "--web.listen-address=" + addr)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    TestAppendable storage = new TestAppendable();
    try (ScrapeManager m = new ScrapeManager(storage,
        ScrapeManager.Options.defaults().withRegistry(new MetricsRegistry()))) {
      assertTrue(await(() -> {
        try (Socket s = new Socket("127.0.0.1", port)) {
          return true;
        } catch (Exception e) {
          return false;
        }
      }, 10_000), "node exporter listening");
      m.applyConfig(List.of(Jobs.job("node").interval(500, 450).build()));
      m.updateTargets(Map.of("node", List.of(Jobs.group("static", Jobs.target(addr)))));
      Labels up = Labels.of("__name__", "up", "instance", addr, "job", "node");
      // A cold node exporter may miss the first deadline on a busy machine; judge the first good scrape.
      assertTrue(await(() -> storage.samples(up).stream().anyMatch(x -> x.v() == 1.0), 15_000),
          () -> "never up: " + m.activeTargets().get("node").get(0).status());
      Target t = m.activeTargets().get("node").get(0);
      long goodTs = storage.samples(up).stream().filter(x -> x.v() == 1.0).findFirst().orElseThrow().t();

      double n = storage.samples(
          Labels.of("__name__", "scrape_samples_scraped", "instance", addr, "job", "node")).stream()
          .filter(x -> x.t() == goodTs).findFirst().orElseThrow().v();
      assertTrue(n > 100, "node exporter exposes hundreds of samples, got " + n);
      long stored = storage.select(Labels.of("instance", addr, "job", "node")).values().stream()
          .filter(s -> s.stream().anyMatch(x -> x.t() == goodTs)).count();
      assertEquals((long) n + 5, stored, "every scraped sample plus the five report series, all at one timestamp");
      assertTrue(t.scrapeUrl().toString().endsWith(addr + "/metrics"));
      assertFalse(storage.select(Labels.of("__name__", "node_exporter_build_info", "job", "node")).isEmpty());
      assertFalse(m.metadata("node_cpu_seconds_total").isEmpty(), "metadata cached");
    } finally {
      p.destroy();
      p.waitFor();
    }
  }
}
