package io.promethium.scrape.loop;

import static io.promethium.scrape.testing.Jobs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.promethium.core.labels.Labels;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.scrape.target.Target;
import io.promethium.scrape.target.TargetHealth;
import io.promethium.scrape.testing.Jobs;
import io.promethium.scrape.testing.TestAppendable;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Many targets on few threads: every one is scraped on its own phase, all at once is not needed. */
class ManyTargetsTest {
  @Test
  void twoHundredTargetsOnTwoWorkers() throws Exception {
    int targets = 200;
    int series = 50;
    ExecutorService exec = Executors.newFixedThreadPool(4);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < series; i++) {
      sb.append("many_metric{n=\"").append(i).append("\"} ").append(i).append('\n');
    }
    byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
    server.createContext("/", ex -> {
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    });
    server.setExecutor(exec);
    server.start();
    String addr = "127.0.0.1:" + server.getAddress().getPort();
    TestAppendable storage = new TestAppendable();
    ScrapeManager.Options opts = new ScrapeManager.Options(new MetricsRegistry(), 1, 2, 1, null);
    try (ScrapeManager m = new ScrapeManager(storage, opts)) {
      m.applyConfig(List.of(Jobs.job("many").interval(500, 400).build()));
      List<Labels> ts = new ArrayList<>();
      for (int i = 0; i < targets; i++) {
        ts.add(Jobs.target(addr, "__metrics_path__", "/t" + i, "instance", "t" + i));
      }
      m.updateTargets(Map.of("many", List.of(Jobs.group("g", ts.toArray(new Labels[0])))));
      assertTrue(await(() -> m.activeTargets().get("many").stream()
          .allMatch(t -> t.status().health() == TargetHealth.UP), 10_000), () -> m.activeTargets().get("many")
          .stream().filter(t -> t.status().health() != TargetHealth.UP).findFirst().map(Target::status)
          .map(Object::toString).orElse(""));
      assertEquals(targets * (series + 5), storage.seriesCount());
      Set<Long> phases = new HashSet<>();
      for (Target t : m.activeTargets().get("many")) {
        phases.add(Math.floorMod(t.status().lastScrapeMillis(), 500L));
      }
      assertTrue(phases.size() > targets / 2, "scrapes spread over the interval: " + phases.size() + " phases");
    } finally {
      server.stop(0);
      exec.shutdownNow();
    }
  }
}
