package io.promethium.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code check config} over the shipped examples and broken variants of the Kubernetes one. */
class ConfigCheckTest {
  static Path examples() {
    Path p = Path.of("../examples");
    return Files.isDirectory(p) ? p : Path.of("examples");
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int check(Path... files) {
    List<String> names = Stream.of(files).map(Path::toString).toList();
    return ConfigCheck.run(names, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void examplesAreValid() {
    Path k8s = examples().resolve("kubernetes.yml");
    Path self = examples().resolve("prometheus.yml");
    assertEquals(0, check(k8s, self), () -> err.toString(StandardCharsets.UTF_8));
    String o = out.toString(StandardCharsets.UTF_8);
    assertTrue(o.contains("Checking " + k8s + "\n SUCCESS: " + k8s + " is valid prometheus config file syntax\n\n"), o);
    assertTrue(o.contains(" SUCCESS: " + self + " is valid prometheus config file syntax"), o);
  }

  static Stream<Arguments> brokenVariants() {
    return Stream.of(
        // {original text, replacement, expected message part}
        Arguments.of("  scrape_interval: 15s\n", "  scrape_interval: 15x\n", "not a valid duration string: \"15x\""),
        Arguments.of("      - role: node\n", "      - role: nodes\n", "unknown Kubernetes SD role \"nodes\""),
        Arguments.of("  - job_name: redis-exporter\n", "  - job_name: postgres-exporter\n",
            "found multiple scrape configs with job name \"postgres-exporter\""),
        Arguments.of("      - regex: __meta_kubernetes_node_label_(.+)\n        action: labelmap\n",
            "      - regex: __meta_kubernetes_node_label_(.+)\n        action: labelmapp\n",
            "unknown relabel action \"labelmapp\""),
        Arguments.of("    metrics_path: /metrics\n", "    metrics_pathh: /metrics\n",
            "field metrics_pathh not found in type config.ScrapeConfig"));
  }

  @ParameterizedTest
  @MethodSource("brokenVariants")
  void brokenVariantsAreRejectedWithALine(String from, String to, String message, @TempDir Path dir)
      throws Exception {
    String text = Files.readString(examples().resolve("kubernetes.yml"));
    assertTrue(text.contains(from), "example changed: " + from);
    Path bad = dir.resolve("bad.yml");
    Files.writeString(bad, text.replaceFirst(java.util.regex.Pattern.quote(from),
        java.util.regex.Matcher.quoteReplacement(to)));
    int line = lineOf(text, from);
    assertEquals(1, check(bad));
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.startsWith("  FAILED: " + bad + ":"), e);
    assertTrue(e.contains(message), e);
    // The reported line is the changed one (or, for a two-line change, within it).
    int reported = Integer.parseInt(e.substring(("  FAILED: " + bad + ":").length()).split(":")[0]);
    assertTrue(reported >= line && reported <= line + 1, "reported " + reported + ", changed " + line + ": " + e);
  }

  private static int lineOf(String text, String part) {
    int at = text.indexOf(part);
    return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
  }

  @Test
  void missingRuleFileFails(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("p.yml");
    Files.writeString(cfg, "rule_files: [rules.yml, 'extra/*.yml']\n");
    assertEquals(1, check(cfg));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("rules.yml\" does not point to an existing file"));
    out.reset();
    assertEquals(0, ConfigCheck.run(List.of(cfg.toString()), true, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)), "--syntax-only does not look for rule files");
    Files.writeString(dir.resolve("rules.yml"), "groups: []\n");
    out.reset();
    assertEquals(0, check(cfg));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("  SUCCESS: 1 rule files found"));
  }
}
