package io.promethium.discovery.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.discovery.TargetGroup;
import io.promethium.core.labels.Labels;
import io.promethium.core.metrics.MetricsRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDiscoveryTest {
  @TempDir
  Path dir;

  /** Applies updates to a source-keyed view, as the manager does. */
  static final class View {
    final Map<String, TargetGroup> groups = new TreeMap<>();
    final List<List<TargetGroup>> updates = new ArrayList<>();

    void accept(List<TargetGroup> u) {
      updates.add(u);
      for (TargetGroup g : u) {
        groups.put(g.source(), g);
      }
    }

    List<String> addresses() {
      List<String> out = new ArrayList<>();
      groups.values().forEach(g -> g.targets().forEach(t -> out.add(t.get("__address__"))));
      return out;
    }
  }

  @Test
  void refreshSendsChangesAndKeepsGroupsOfABadFile() throws Exception {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.yml");
    Files.writeString(a, "[{\"targets\": [\"a1\", \"a2\"]}, {\"targets\": [\"a3\"]}]");
    Files.writeString(b, "- targets: [b1]\n");
    Files.writeString(dir.resolve("c.txt"), "not matched");
    MetricsRegistry reg = new MetricsRegistry();
    FileDiscovery d = new FileDiscovery(List.of(dir + "/*.json", dir + "/*.yml"), Duration.ofHours(1), reg);
    View v = new View();
    d.refreshAll(v::accept);
    assertEquals(List.of("a1", "a2", "a3", "b1"), v.addresses());
    assertEquals(Labels.of("__meta_filepath", a.toString()), v.groups.get(a + ":0").labels());

    // A broken file keeps its previous groups and counts an error.
    Files.writeString(a, "[{\"targets\": [\"a1\",");
    v.updates.clear();
    d.refreshAll(v::accept);
    assertEquals(List.of("a1", "a2", "a3", "b1"), v.addresses());
    StringBuilder metrics = new StringBuilder();
    reg.writeText(metrics);
    assertTrue(metrics.toString().contains("prometheus_sd_file_read_errors_total 1"), metrics.toString());

    // Fewer groups: the vanished index is sent empty; a deleted file's groups are all sent empty.
    Files.writeString(a, "[{\"targets\": [\"a9\"]}]");
    Files.delete(b);
    d.refreshAll(v::accept);
    assertEquals(List.of("a9"), v.addresses());
    assertEquals(List.of(), v.groups.get(a + ":1").targets());
    assertEquals(List.of(), v.groups.get(b + ":0").targets());
    d.close();
  }

  @Test
  void watchPicksUpNewFileWithoutWaitingForRefresh() throws Exception {
    LinkedBlockingQueue<List<TargetGroup>> q = new LinkedBlockingQueue<>();
    try (FileDiscovery d = new FileDiscovery(List.of(dir + "/*.json"), Duration.ofHours(1))) {
      d.start(q::add);
      Files.writeString(dir.resolve("x.json.tmp"), "[{\"targets\": [\"x1\"]}]");
      Files.move(dir.resolve("x.json.tmp"), dir.resolve("x.json"));
      List<String> seen = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!seen.contains("x1") && System.nanoTime() < deadline) {
        List<TargetGroup> u = q.poll(1, TimeUnit.SECONDS);
        if (u != null) {
          u.forEach(g -> g.targets().forEach(t -> seen.add(t.get("__address__"))));
        }
      }
      assertEquals(List.of("x1"), seen);
    }
  }

  @Test
  void periodicRefreshWithoutWatchEvents() throws Exception {
    Path f = dir.resolve("p.json");
    Files.writeString(f, "[{\"targets\": [\"p1\"]}]");
    LinkedBlockingQueue<List<TargetGroup>> q = new LinkedBlockingQueue<>();
    try (FileDiscovery d = new FileDiscovery(List.of(f.toString()), Duration.ofMillis(200))) {
      d.start(q::add);
      List<TargetGroup> first = q.poll(30, TimeUnit.SECONDS);
      assertEquals("p1", first.get(0).targets().get(0).get("__address__"));
      List<TargetGroup> again = q.poll(30, TimeUnit.SECONDS);
      assertEquals(first, again);
    }
  }
}
