package io.promethium.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Runs Debian's {@code promtool check config --syntax-only} over every bad config of {@link
 * ConfigLoaderErrorsTest}: promtool must reject each too, and — unless listed as worded differently — its
 * output must contain our message text (without our {@code file:line:col:} prefix and path suffix).
 */
class ConfigAgainstPromtoolTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  /** Cases Debian's promtool 2.42 cannot judge or words differently, with why. */
  private static final Set<String> DIFFERENT = Set.of(
      // Debian builds Prometheus without Kubernetes SD: every kubernetes_sd_configs is an unknown field.
      "unknown kubernetes role", "kubernetes role missing", "kubernetes selector role",
      "kubernetes http config without api server",
      // Promethium refuses what it does not implement; Prometheus has these SDs.
      "unsupported sd",
      // Go's regexp and YAML errors have their own texts; we only promise the prefix.
      "invalid regex", "look-ahead is not RE2", "yaml syntax",
      // Go yaml words type errors per Go type ("into []*config.ScrapeConfig", "into config.plain").
      "scrape configs not a list", "top level not a map",
      // Debian's Prometheus 2.42 links an older prometheus/common: "client cert file ... specified without
      // client key file"; 2.48's common words it as we do.
      "client cert without key");

  @Test
  void promtoolRejectsEveryBadConfig(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "needs Debian's prometheus package (promtool)");
    List<String> mismatches = new ArrayList<>();
    int i = 0;
    for (Arguments a : ConfigLoaderErrorsTest.badConfigs().toList()) {
      Object[] args = a.get();
      String name = (String) args[0];
      String message = (String) args[2];
      String yaml = (String) args[3];
      Path f = dir.resolve("bad" + (i++) + ".yml");
      Files.writeString(f, yaml);
      Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "config", "--syntax-only", f.toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      if (p.exitValue() == 0) {
        mismatches.add(name + ": promtool accepted it");
        continue;
      }
      if (!DIFFERENT.contains(name) && !out.contains(message)) {
        mismatches.add(name + ": promtool said " + out.strip().replace('\n', ' ') + " | we say " + message);
      }
    }
    assertEquals(List.of(), mismatches);
  }
}
