package io.promethium.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promethium.core.discovery.TargetGroup;
import io.promethium.core.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaticDiscoveryTest {
  @Test
  void sendsItsGroupsOnceWithIndexSources() {
    TargetGroup g0 = StaticDiscovery.group(0, List.of("a:1", "b:2"), Labels.of("env", "prod"));
    TargetGroup g1 = StaticDiscovery.group(1, List.of("c:3"), null);
    assertEquals(new TargetGroup("0", List.of(Labels.of("__address__", "a:1"), Labels.of("__address__", "b:2")),
        Labels.of("env", "prod")), g0);
    assertEquals("1", g1.source());
    assertEquals(Labels.EMPTY, g1.labels());
    List<List<TargetGroup>> got = new ArrayList<>();
    try (StaticDiscovery d = new StaticDiscovery(List.of(g0, g1))) {
      d.start(got::add);
    }
    assertEquals(List.of(List.of(g0, g1)), got);
  }
}
