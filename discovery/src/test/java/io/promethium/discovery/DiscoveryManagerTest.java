package io.promethium.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.discovery.TargetGroup;
import io.promethium.core.labels.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DiscoveryManagerTest {
  /** A discoverer the test drives by hand. */
  static final class ManualDiscoverer implements Discoverer {
    volatile Consumer<List<TargetGroup>> sink;
    volatile boolean closed;

    @Override
    public void start(Consumer<List<TargetGroup>> updates) {
      sink = updates;
    }

    void send(TargetGroup... groups) {
      sink.accept(List.of(groups));
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static TargetGroup group(String source, String... addresses) {
    return new TargetGroup(source, StaticDiscovery.group(0, List.of(addresses), Labels.EMPTY).targets(), Labels.EMPTY);
  }

  static Map<String, List<TargetGroup>> next(LinkedBlockingQueue<Map<String, List<TargetGroup>>> q) throws Exception {
    Map<String, List<TargetGroup>> m = q.poll(30, TimeUnit.SECONDS);
    assertTrue(m != null, "no snapshot within 30s");
    return m;
  }

  @Test
  void mergesBySourceAndCoalescesBursts() throws Exception {
    LinkedBlockingQueue<Map<String, List<TargetGroup>>> q = new LinkedBlockingQueue<>();
    ManualDiscoverer d = new ManualDiscoverer();
    StaticDiscovery s = new StaticDiscovery(List.of(StaticDiscovery.group(0, List.of("s:1"), Labels.of("env", "p"))));
    // The timer never fires during the test: ticks are driven by hand.
    try (DiscoveryManager m = new DiscoveryManager("scrape", q::add, Duration.ofHours(1), null)) {
      m.applyConfig(Map.of("job", List.of(s, d)));
      d.send(group("a", "a:1"));
      d.send(group("b", "b:1"));
      d.send(group("a", "a:2"));
      m.sendIfChanged();
      m.sendIfChanged(); // nothing new: no second snapshot
      assertEquals(1, q.size());
      Map<String, List<TargetGroup>> snap = q.take();
      assertEquals(List.of(
          new TargetGroup("0", List.of(Labels.of("__address__", "s:1")), Labels.of("env", "p")),
          group("a", "a:2"), group("b", "b:1")), snap.get("job"));
      // A vanished source stays as an empty group so the consumer drops its targets.
      d.send(new TargetGroup("b", List.of(), Labels.EMPTY));
      m.sendIfChanged();
      assertEquals(List.of(), q.take().get("job").get(2).targets());
      assertEquals(m.snapshot(), Map.of("job", List.of(snap.get("job").get(0), group("a", "a:2"),
          new TargetGroup("b", List.of(), Labels.EMPTY))));
    }
    assertTrue(d.closed);
  }

  @Test
  void timerDeliversSnapshots() throws Exception {
    LinkedBlockingQueue<Map<String, List<TargetGroup>>> q = new LinkedBlockingQueue<>();
    ManualDiscoverer d = new ManualDiscoverer();
    try (DiscoveryManager m = new DiscoveryManager("scrape", q::add, Duration.ofMillis(50), null)) {
      m.applyConfig(Map.of("job", List.of(d)));
      d.send(group("a", "a:1"));
      Map<String, List<TargetGroup>> snap = next(q);
      while (snap.get("job").isEmpty()) {
        snap = next(q); // a tick may have caught the state before the update
      }
      assertEquals(List.of(group("a", "a:1")), snap.get("job"));
    }
  }

  @Test
  void applyConfigKeepsReusedDiscoverersAndClosesTheRest() throws Exception {
    LinkedBlockingQueue<Map<String, List<TargetGroup>>> q = new LinkedBlockingQueue<>();
    ManualDiscoverer keep = new ManualDiscoverer();
    ManualDiscoverer drop = new ManualDiscoverer();
    try (DiscoveryManager m = new DiscoveryManager("scrape", q::add, Duration.ofHours(1), null)) {
      m.applyConfig(Map.of("one", List.of(keep), "two", List.of(drop)));
      keep.send(group("k", "k:1"));
      drop.send(group("d", "d:1"));
      m.sendIfChanged();
      assertEquals(2, q.take().size());
      m.applyConfig(Map.of("one", List.of(keep), "three", List.of()));
      m.sendIfChanged();
      assertEquals(Map.of("one", List.of(group("k", "k:1")), "three", List.of()), q.take());
      assertTrue(drop.closed);
      assertTrue(!keep.closed);
      drop.send(group("d", "d:2")); // late update from a closed discoverer is ignored
      assertEquals(Map.of("one", List.of(group("k", "k:1")), "three", List.of()), m.snapshot());
    }
  }
}
