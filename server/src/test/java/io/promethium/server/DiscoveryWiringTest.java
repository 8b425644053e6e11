package io.promethium.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.promethium.core.config.ConfigLoader;
import io.promethium.core.config.ScrapeConfig;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.discovery.Discoverer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscoveryWiringTest {
  private static List<ScrapeConfig> jobs(String yaml) throws Exception {
    return ConfigLoader.parse(yaml, "p.yml").scrapeConfigs();
  }

  @Test
  void unchangedJobsKeepTheirDiscoverers() throws Exception {
    DiscoveryWiring w = new DiscoveryWiring(new MetricsRegistry());
    Map<String, List<Discoverer>> first = w.discoverers(jobs("""
        scrape_configs:
          - job_name: a
            static_configs: [{targets: ['h:1']}]
          - job_name: b
            static_configs: [{targets: ['h:2']}]
            file_sd_configs: [{files: [t.json]}]
        """));
    assertEquals(1, first.get("a").size());
    assertEquals(2, first.get("b").size());
    Map<String, List<Discoverer>> second = w.discoverers(jobs("""
        scrape_configs:
          - job_name: a
            scrape_interval: 5s
            static_configs: [{targets: ['h:1']}]
          - job_name: b
            static_configs: [{targets: ['h:3']}]
            file_sd_configs: [{files: [t.json]}]
        """));
    assertSame(first.get("a"), second.get("a"), "only the interval changed: discovery keeps running");
    assertNotSame(first.get("b"), second.get("b"));
  }
}
