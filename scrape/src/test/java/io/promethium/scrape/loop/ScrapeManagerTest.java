package io.promethium.scrape.loop;

import static io.promethium.scrape.testing.Jobs.await;
import static io.promethium.scrape.testing.Jobs.group;
import static io.promethium.scrape.testing.Jobs.job;
import static io.promethium.scrape.testing.Jobs.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.config.RelabelAction;
import io.promethium.core.config.RelabelConfig;
import io.promethium.core.config.ScrapeConfig;
import io.promethium.core.labels.Labels;
import io.promethium.core.metadata.MetricType;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.scrape.target.Target;
import io.promethium.scrape.target.TargetHealth;
import io.promethium.scrape.testing.FaultServer;
import io.promethium.scrape.testing.Jobs;
import io.promethium.scrape.testing.TestAppendable;
import io.promethium.scrape.testing.TestAppendable.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScrapeManagerTest {
  private FaultServer server;
  private TestAppendable storage;
  private MetricsRegistry registry;
  private ScrapeManager manager;

  @BeforeEach
  void setUp() throws IOException {
    server = new FaultServer();
    storage = new TestAppendable();
    registry = new MetricsRegistry();
    manager = new ScrapeManager(storage, ScrapeManager.Options.defaults().withRegistry(registry).withOffsetSeed(7));
  }

  @AfterEach
  void tearDown() throws IOException {
    manager.close();
    server.close();
  }

  private Target onlyTarget(String job) {
    List<Target> ts = manager.activeTargets().get(job);
    assertEquals(1, ts.size());
    return ts.get(0);
  }

  private List<Sample> series(String... nameValues) {
    return storage.samples(Labels.of(nameValues));
  }

  @Test
  void scrapesAndReportsWithTargetLabels() {
    server.route("/metrics", FaultServer.text("# HELP a The a.\n# TYPE a counter\na 1\nb{x=\"y\"} 2\n"));
    manager.applyConfig(List.of(job("j").interval(300, 290).build()));
    manager.updateTargets(Map.of("j", List.of(group("g", target(server.address(), "env", "test")))));
    String inst = server.address();
    assertTrue(await(() -> series("__name__", "up", "instance", inst, "job", "j", "env", "test").size() >= 3, 5000));

    Target t = onlyTarget("j");
    assertEquals(TargetHealth.UP, t.status().health());
    assertEquals("", t.status().lastError());
    assertEquals(server.url("/metrics"), t.scrapeUrl().toString());
    assertEquals(Labels.of("instance", inst, "job", "j", "env", "test"), t.publicLabels());

    List<Sample> a = series("__name__", "a", "instance", inst, "job", "j", "env", "test");
    assertTrue(a.size() >= 3);
    long offset = Math.floorMod(a.get(0).t(), 300);
    for (int i = 1; i < a.size(); i++) {
      long d = a.get(i).t() - a.get(i - 1).t();
      assertTrue(d > 0 && d % 300 == 0, "timestamps on the 300 ms grid: " + a);
      assertEquals(offset, Math.floorMod(a.get(i).t(), 300));
    }
    assertEquals(2.0, series("__name__", "b", "x", "y", "instance", inst, "job", "j", "env", "test").get(0).v());
    assertEquals(2.0, series("__name__", "scrape_samples_scraped", "instance", inst, "job", "j", "env", "test")
        .get(0).v());
    assertEquals(2.0, series("__name__", "scrape_samples_post_metric_relabeling", "instance", inst, "job", "j",
        "env", "test").get(0).v());
    assertEquals(2.0, series("__name__", "scrape_series_added", "instance", inst, "job", "j", "env", "test")
        .get(0).v());
    assertEquals(0.0, series("__name__", "scrape_series_added", "instance", inst, "job", "j", "env", "test")
        .get(1).v(), "no new series on the second scrape");
    assertFalse(series("__name__", "scrape_duration_seconds", "instance", inst, "job", "j", "env", "test")
        .isEmpty());

    var md = manager.targetMetadata(null, "a");
    assertEquals(1, md.size());
    assertEquals(MetricType.COUNTER, md.get(0).metadata().type());
    assertEquals("The a.", md.get(0).metadata().help());
    assertEquals(List.of("a"), new ArrayList<>(manager.metadata("a").keySet()));
  }

  /** Each misbehaving target fails on its own with a clear error; the good one is unaffected. */
  @Test
  void faultyTargetsGoDownWithClearErrors() throws Exception {
    server.route("/good", FaultServer.text("ok 1\n"));
    server.route("/slow", (req, s, out) -> {
      sleep(900);
      return FaultServer.respond(out, 200, "OK", "text/plain", "late 1\n".getBytes(), null);
    });
    server.route("/hang", (req, s, out) -> {
      sleep(5000);
      return false;
    });
    server.route("/reset", (req, s, out) -> {
      s.setSoLinger(true, 0);
      s.close();
      return false;
    });
    server.route("/garbage", FaultServer.text("this is not { metrics\n"));
    server.route("/truncated", (req, s, out) -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\nfoo 1\n".getBytes());
      out.flush();
      return false;
    });
    server.route("/html", (req, s, out) ->
        FaultServer.respond(out, 200, "OK", "text/html", "<html><body>hi</body></html>".getBytes(), null));
    server.route("/om-without-eof", (req, s, out) -> FaultServer.respond(out, 200, "OK",
        "application/openmetrics-text; version=1.0.0", "x 1\n".getBytes(), null));
    server.route("/500", (req, s, out) ->
        FaultServer.respond(out, 500, "Internal Server Error", "text/plain", "err".getBytes(), null));
    server.route("/dup", FaultServer.text("d 1\nd 2\ne 3\n"));

    String[] paths = {"/good", "/slow", "/hang", "/reset", "/garbage", "/truncated", "/html", "/om-without-eof",
        "/500", "/dup"};
    List<Labels> ts = new ArrayList<>();
    for (String p : paths) {
      ts.add(target(server.address(), "__metrics_path__", p, "instance", p));
    }
    ts.add(target("127.0.0.1:1", "instance", "refused"));
    // A generous timeout so the good target stays up on a loaded machine; /slow answers after 900 ms.
    manager.applyConfig(List.of(job("faults").interval(700, 600).build()));
    manager.updateTargets(Map.of("faults", List.of(group("g", ts.toArray(new Labels[0])))));

    assertTrue(await(() -> manager.activeTargets().get("faults").stream()
        .allMatch(t -> t.status().health() != TargetHealth.UNKNOWN), 6000), "every target scraped once");
    Map<String, Target> byInstance = new java.util.HashMap<>();
    for (Target t : manager.activeTargets().get("faults")) {
      byInstance.put(t.publicLabels().get("instance"), t);
    }
    String deadline = "context deadline exceeded";
    expectDown(byInstance, "/slow", "Get \"" + server.url("/slow") + "\": " + deadline);
    expectDown(byInstance, "/hang", "Get \"" + server.url("/hang") + "\": " + deadline);
    expectDown(byInstance, "/reset", "Get \"" + server.url("/reset") + "\": ");
    expectDown(byInstance, "/garbage", "");
    expectDown(byInstance, "/truncated", "unexpected EOF");
    expectDown(byInstance, "/html", "");
    expectDown(byInstance, "/om-without-eof", "");
    expectDown(byInstance, "/500", "server returned HTTP status 500 Internal Server Error");
    expectDown(byInstance, "refused", "connect: connection refused");
    assertEquals(TargetHealth.UP, byInstance.get("/good").status().health());
    assertEquals(TargetHealth.UP, byInstance.get("/dup").status().health(), "duplicates are dropped, not fatal");
    assertFalse(series("__name__", "d", "instance", "/dup", "job", "faults").isEmpty());
    assertEquals(1.0, series("__name__", "d", "instance", "/dup", "job", "faults").get(0).v(), "first wins");
    for (String p : new String[] {"/slow", "/garbage", "/500"}) {
      List<Sample> up = series("__name__", "up", "instance", p, "job", "faults");
      assertFalse(up.isEmpty());
      assertEquals(0.0, up.get(0).v(), p);
    }
    assertEquals(1.0, series("__name__", "up", "instance", "/good", "job", "faults").get(0).v());
  }

  private static void expectDown(Map<String, Target> byInstance, String instance, String errorPart) {
    Target t = byInstance.get(instance);
    assertNotNull(t, instance);
    assertEquals(TargetHealth.DOWN, t.status().health(), instance + ": " + t.status());
    assertTrue(t.status().lastError().contains(errorPart) && !t.status().lastError().isEmpty(),
        instance + ": " + t.status().lastError());
  }

  @Test
  void limitsFailTheWholeScrape() throws Exception {
    StringBuilder wide = new StringBuilder("wide{");
    for (int i = 0; i < 10_000; i++) {
      wide.append(i == 0 ? "" : ",").append("l").append(i).append("=\"v\"");
    }
    wide.append("} 1\n");
    server.route("/wide", FaultServer.text(wide.toString()));
    server.route("/many", FaultServer.text("m1 1\nm2 2\nm3 3\nm4 4\n"));
    byte[] bomb = FaultServer.gzip(new byte[32 << 20]);
    server.route("/bomb", (req, s, out) ->
        FaultServer.respond(out, 200, "OK", "text/plain", bomb, "Content-Encoding: gzip\r\n"));
    server.route("/big", FaultServer.text("x 1\n".repeat(100_000)));

    Jobs labels = job("labels").interval(1000, 900);
    labels.labelLimit = 100;
    labels.metricsPath = "/wide";
    Jobs samples = job("samples").interval(1000, 900);
    samples.sampleLimit = 3;
    samples.metricsPath = "/many";
    Jobs bodies = job("bodies").interval(1000, 900);
    bodies.bodySizeLimit = 64 * 1024;
    Jobs wideOk = job("wide-ok").interval(1000, 900);
    wideOk.metricsPath = "/wide";
    manager.applyConfig(List.of(labels.build(), samples.build(), bodies.build(), wideOk.build()));
    manager.updateTargets(Map.of(
        "labels", List.of(group("g", target(server.address()))),
        "samples", List.of(group("g", target(server.address()))),
        "bodies", List.of(group("g", target(server.address(), "__metrics_path__", "/bomb", "instance", "bomb"),
            target(server.address(), "__metrics_path__", "/big", "instance", "big"))),
        "wide-ok", List.of(group("g", target(server.address())))));
    assertTrue(await(() -> manager.activeTargets().values().stream().flatMap(List::stream)
        .allMatch(t -> t.status().health() != TargetHealth.UNKNOWN), 6000));

    assertEquals("label_limit exceeded (metric: wide, number of labels: 10003, limit: 100)",
        onlyTarget("labels").status().lastError());
    assertEquals("sample limit exceeded", onlyTarget("samples").status().lastError());
    assertEquals(0, storage.select(Labels.of("__name__", "m1")).size(), "the whole scrape was rolled back");
    assertEquals(4.0, series("__name__", "scrape_samples_scraped", "instance", server.address(), "job", "samples")
        .get(0).v(), "all samples still counted");
    for (Target t : manager.activeTargets().get("bodies")) {
      assertEquals("body size limit exceeded", t.status().lastError(), t.toString());
    }
    assertEquals(TargetHealth.UP, onlyTarget("wide-ok").status().health(), "10k labels are fine without a limit");
    StringBuilder text = new StringBuilder();
    registry.writeText(text);
    assertTrue(text.toString().contains("prometheus_target_scrapes_exceeded_sample_limit_total "), text.toString());
  }

  @Test
  void vanishedSeriesFailedScrapesAndRemovedTargetsGoStale() {
    AtomicReference<String> body = new AtomicReference<>("a 1\nb 2\n");
    server.route("/metrics", (req, s, out) -> FaultServer.respond(out, 200, "OK", "text/plain",
        body.get().getBytes(), null));
    manager.applyConfig(List.of(job("s").interval(200, 190).build()));
    manager.updateTargets(Map.of("s", List.of(group("g", target(server.address())))));
    String inst = server.address();
    Labels a = Labels.of("__name__", "a", "instance", inst, "job", "s");
    Labels b = Labels.of("__name__", "b", "instance", inst, "job", "s");
    Labels up = Labels.of("__name__", "up", "instance", inst, "job", "s");
    assertTrue(await(() -> storage.samples(b).size() >= 2, 5000));

    body.set("a 1\n");
    assertTrue(await(() -> storage.samples(b).stream().anyMatch(Sample::stale), 5000), "b went stale");
    List<Sample> bs = storage.samples(b);
    Sample stale = bs.get(bs.size() - 1);
    assertTrue(stale.stale());
    assertTrue(storage.samples(a).stream().anyMatch(s -> s.t() == stale.t() && !s.stale()),
        "marker written at the timestamp of the scrape that lacked b");

    // A failing scrape makes every series of the previous one stale, while up records 0.
    server.route("/metrics", (req, s, out) ->
        FaultServer.respond(out, 503, "Service Unavailable", "text/plain", new byte[0], null));
    assertTrue(await(() -> storage.samples(a).stream().anyMatch(Sample::stale), 5000), "a went stale");
    assertTrue(storage.samples(up).stream().anyMatch(s -> s.v() == 0.0));

    // Back up, then removed: its series and report series get stale markers about two intervals later.
    server.route("/metrics", (req, s, out) -> FaultServer.respond(out, 200, "OK", "text/plain",
        "c 1\n".getBytes(), null));
    Labels c = Labels.of("__name__", "c", "instance", inst, "job", "s");
    assertTrue(await(() -> storage.samples(c).size() >= 2, 5000));
    manager.updateTargets(Map.of("s", List.of()));
    assertTrue(manager.activeTargets().get("s").isEmpty());
    assertTrue(await(() -> {
      List<Sample> cs = storage.samples(c);
      return !cs.isEmpty() && cs.get(cs.size() - 1).stale();
    }, 5000), "c stale after removal");
    assertTrue(await(() -> {
      List<Sample> us = storage.samples(up);
      return us.get(us.size() - 1).stale();
    }, 5000), "up stale after removal");
  }

  @Test
  void reloadKeepsUnchangedLoopsAndPhaseWithoutDuplicates() {
    server.route("/metrics", FaultServer.text("r 1\n"));
    ScrapeConfig cfg = job("r").interval(100, 80).build();
    manager.applyConfig(List.of(cfg));
    manager.updateTargets(Map.of("r", List.of(group("g", target(server.address())))));
    Labels up = Labels.of("__name__", "up", "instance", server.address(), "job", "r");
    assertTrue(await(() -> storage.samples(up).size() >= 3, 5000));
    Target before = onlyTarget("r");

    manager.applyConfig(List.of(job("r").interval(100, 80).build()));
    assertSame(before, onlyTarget("r"), "identical config: nothing restarted");
    manager.updateTargets(Map.of("r", List.of(group("g", target(server.address())))));
    assertSame(before, onlyTarget("r"), "rediscovered target keeps its loop");

    Jobs changed = job("r").interval(100, 80);
    changed.sampleLimit = 1000;
    int n = storage.samples(up).size();
    manager.applyConfig(List.of(changed.build()));
    assertTrue(await(() -> storage.samples(up).size() >= n + 4, 5000));
    List<Sample> ups = storage.samples(up);
    long phase = Math.floorMod(ups.get(0).t(), 100);
    for (int i = 1; i < ups.size(); i++) {
      long d = ups.get(i).t() - ups.get(i - 1).t();
      assertTrue(d > 0, "no duplicate or reordered scrape: " + ups);
      assertEquals(phase, Math.floorMod(ups.get(i).t(), 100), "same phase after reload");
    }
    assertEquals(0, storage.samples(up).stream().filter(Sample::stale).count(), "no stale markers from reload");
    assertEquals(0, storage.sameTimestampAppends(), "no scrape slot ingested twice");
  }

  @Test
  void rapidReloadsHandTheCacheOverWithoutDuplicateScrapes() {
    // Slow responses keep a scrape in flight while reloads replace the loop.
    server.route("/metrics", (req, s, out) -> {
      sleep(30);
      return FaultServer.respond(out, 200, "OK", "text/plain", "slow 1\n".getBytes(), null);
    });
    manager.applyConfig(List.of(job("h").interval(100, 90).build()));
    manager.updateTargets(Map.of("h", List.of(group("g", target(server.address())))));
    Labels up = Labels.of("__name__", "up", "instance", server.address(), "job", "h");
    assertTrue(await(() -> storage.samples(up).size() >= 2, 5000));
    for (int i = 1; i <= 6; i++) {
      Jobs j = job("h").interval(100, 90);
      j.sampleLimit = 1000 + i;
      manager.applyConfig(List.of(j.build()));
      sleep(70);
    }
    int n = storage.samples(up).size();
    assertTrue(await(() -> storage.samples(up).size() >= n + 3, 5000), "still scraping after the reloads");
    List<Sample> ups = storage.samples(up);
    for (int i = 1; i < ups.size(); i++) {
      assertTrue(ups.get(i).t() > ups.get(i - 1).t(), "strictly increasing: " + ups);
      assertEquals(Math.floorMod(ups.get(0).t(), 100), Math.floorMod(ups.get(i).t(), 100));
    }
    // (A scrape may time out on a loaded machine; that is up 0 with stale markers, not what is tested here.)
    StringBuilder text = new StringBuilder();
    registry.writeText(text);
    assertTrue(text.toString().contains("prometheus_target_scrapes_sample_duplicate_timestamp_total 0\n"),
        "no sample appended twice at one timestamp");
    assertEquals(0, storage.sameTimestampAppends(), "no scrape slot ingested twice");
  }

  @Test
  void closeWithScrapesInFlightIsPromptAndWritesNoStaleMarkers() {
    server.route("/metrics", FaultServer.text("c 1\n"));
    server.route("/hang", (req, s, out) -> {
      sleep(3000);
      return false;
    });
    manager.applyConfig(List.of(job("c").interval(1000, 900).build()));
    manager.updateTargets(Map.of("c", List.of(group("g", target(server.address()),
        target(server.address(), "__metrics_path__", "/hang", "instance", "hang")))));
    Labels c = Labels.of("__name__", "c", "instance", server.address(), "job", "c");
    assertTrue(await(() -> !storage.samples(c).isEmpty(), 5000));
    long t0 = System.nanoTime();
    manager.close();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 5000, "close took " + ms + " ms");
    sleep(300);
    assertTrue(storage.samples(c).stream().noneMatch(Sample::stale), "shutdown writes no stale markers");
    assertThrowsIllegalState(() -> manager.applyConfig(List.of()));
  }

  private static void assertThrowsIllegalState(Runnable r) {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, r::run);
  }

  @Test
  void targetLimitFailsEveryTargetOfThePool() {
    server.route("/metrics", FaultServer.text("t 1\n"));
    Jobs j = job("tl").interval(200, 150);
    j.targetLimit = 1;
    manager.applyConfig(List.of(j.build()));
    manager.updateTargets(Map.of("tl", List.of(group("g", target(server.address()),
        target("localhost:" + server.port())))));
    assertTrue(await(() -> manager.activeTargets().get("tl").stream()
        .allMatch(t -> t.status().health() == TargetHealth.DOWN), 5000));
    assertEquals("target_limit exceeded (number of targets: 2, limit: 1)",
        manager.activeTargets().get("tl").get(0).status().lastError());
  }

  @Test
  void honorLabelsAndMetricRelabeling() {
    server.route("/metrics", FaultServer.text("h{job=\"exposed\",instance=\"i\"} 1\ndropme 2\n"));
    Jobs plain = job("plain").interval(200, 150);
    plain.metricRelabel.add(RelabelConfig.of(RelabelAction.DROP, List.of("__name__"), "dropme", null, null));
    Jobs honor = job("honor").interval(200, 150);
    honor.honorLabels = true;
    manager.applyConfig(List.of(plain.build(), honor.build()));
    manager.updateTargets(Map.of("plain", List.of(group("g", target(server.address()))),
        "honor", List.of(group("g", target(server.address())))));
    String inst = server.address();
    assertTrue(await(() -> !series("__name__", "h", "job", "plain", "instance", inst, "exported_job", "exposed",
        "exported_instance", "i").isEmpty(), 5000));
    assertTrue(await(() -> !series("__name__", "h", "job", "exposed", "instance", "i").isEmpty(), 5000));
    assertTrue(storage.select(Labels.of("__name__", "dropme", "job", "plain")).isEmpty());
    assertFalse(storage.select(Labels.of("__name__", "dropme", "job", "honor")).isEmpty());
    assertEquals(1.0, series("__name__", "scrape_samples_post_metric_relabeling", "job", "plain", "instance", inst)
        .get(0).v());
  }

  @Test
  void droppedTargetsAreListed() {
    Jobs j = job("d").interval(200, 150);
    j.relabel.add(RelabelConfig.of(RelabelAction.DROP, List.of("env"), "skip", null, null));
    manager.applyConfig(List.of(j.build()));
    manager.updateTargets(Map.of("d", List.of(group("g", target(server.address(), "env", "skip"),
        target(server.address(), "env", "keep")))));
    assertEquals(1, manager.activeTargets().get("d").size());
    List<Target> dropped = manager.droppedTargets().get("d");
    assertEquals(1, dropped.size());
    assertEquals("skip", dropped.get(0).discoveredLabels().get("env"));
    assertEquals("d", dropped.get(0).discoveredLabels().get("job"));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
