package io.promethium.scrape.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.config.RelabelAction;
import io.promethium.core.config.RelabelConfig;
import io.promethium.core.labels.Labels;
import io.promethium.scrape.testing.Jobs;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TargetLabelsTest {
  @Test
  void fillsJobDefaultsAndInstance() {
    Jobs j = Jobs.job("node").interval(15_000, 10_000);
    j.params = Map.of("module", List.of("http 2xx", "b"), "a*", List.of("~"));
    Target t = TargetLabels.populate(Labels.of("__address__", "host", "__meta_x", "y", "team", "t"), j.build());
    assertEquals(Labels.of("__address__", "host:80", "__metrics_path__", "/metrics", "__scheme__", "http",
        "__scrape_interval__", "15s", "__scrape_timeout__", "10s", "__param_module", "http 2xx",
        "__param_a*", "~", "instance", "host:80", "job", "node", "team", "t"), t.labels());
    assertEquals(Labels.of("instance", "host:80", "job", "node", "team", "t"), t.publicLabels());
    assertEquals(URI.create("http://host:80/metrics?a%2A=~&module=http+2xx&module=b"), t.scrapeUrl());
    assertEquals("y", t.discoveredLabels().get("__meta_x"), "discovered labels keep meta labels");
    assertEquals(15_000, t.intervalMillis());
    assertEquals(10_000, t.timeoutMillis());
  }

  @Test
  void relabelingCanChangeEverything() {
    Jobs j = Jobs.job("j");
    j.scheme = "https";
    j.relabel.add(RelabelConfig.of(RelabelAction.REPLACE, List.of("__address__"), "(.*)", "instance", "inst-$1"));
    j.relabel.add(RelabelConfig.of(RelabelAction.REPLACE, List.of(), null, "__metrics_path__", "/probe"));
    j.relabel.add(RelabelConfig.of(RelabelAction.REPLACE, List.of(), null, "__param_target", "x y"));
    Target t = TargetLabels.populate(Labels.of("__address__", "[::1]"), j.build());
    assertEquals("[::1]:443", t.labels().get("__address__"));
    assertEquals("inst-[::1]", t.publicLabels().get("instance"));
    assertEquals("https://[::1]:443/probe?target=x+y", t.scrapeUrl().toString());
  }

  @Test
  void droppedTargetsKeepTheirDiscoveredLabels() {
    Jobs j = Jobs.job("j");
    j.relabel.add(RelabelConfig.of(RelabelAction.KEEP, List.of("keep"), "yes", null, null));
    Target t = TargetLabels.populate(Labels.of("__address__", "a:1"), j.build());
    assertTrue(t.labels().isEmpty());
    assertEquals("j", t.discoveredLabels().get("job"));
    assertEquals("200ms", t.discoveredLabels().get("__scrape_interval__"));
  }

  static Stream<Arguments> badTargets() {
    return Stream.of(
        Arguments.of(Labels.of("x", "y"), "no address"),
        Arguments.of(Labels.of("__address__", "a/b"), "\"a/b:80\" is not a valid hostname"),
        Arguments.of(Labels.of("__address__", "a:1", "__scrape_interval__", "soon"),
            "error parsing scrape interval: not a valid duration string: \"soon\""),
        Arguments.of(Labels.of("__address__", "a:1", "__scrape_interval__", "0"), "scrape interval cannot be 0"),
        Arguments.of(Labels.of("__address__", "a:1", "__scrape_timeout__", "0"), "scrape timeout cannot be 0"),
        Arguments.of(Labels.of("__address__", "a:1", "__scrape_timeout__", "1s"),
            "scrape timeout cannot be greater than scrape interval (\"1s\" > \"200ms\")"),
        Arguments.of(Labels.of("__address__", "a", "__scheme__", "ftp"), "invalid scheme: \"http\""));
  }

  @ParameterizedTest
  @MethodSource("badTargets")
  void badTargetsSayWhy(Labels discovered, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TargetLabels.populate(discovered, Jobs.job("j").build()));
    assertEquals(message, e.getMessage());
  }

  @Test
  void groupFailuresNameTheInstance() {
    var res = TargetLabels.fromGroup(Jobs.group("file.yml:0", Jobs.target("ok:1"), Labels.of("x", "y")),
        Jobs.job("j").build());
    assertEquals(1, res.targets().size());
    assertEquals(List.of("instance 1 in group file.yml:0: no address"), res.failures());
  }

}
