package io.promethium.core.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test against Prometheus's own OpenMetrics parser: {@code promtool tsdb create-blocks-from
 * openmetrics} (backfill, Prometheus 2.42) must accept exactly the bodies we accept. Every sample carries a
 * timestamp because backfill requires one.
 */
class OpenMetricsAgainstPromtoolTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @TempDir
  Path dir;

  static Stream<String> bodies() {
    return Stream.of(
        // accepted
        "# TYPE a counter\na_total 1 1600000000\n# EOF\n",
        "a 1 1600000000.5\n# EOF",
        "a{b=\"c\"} NaN 1600000000\n# EOF\n",
        "a{b=\"c\",d=\"\\\"\\\\\\n\"} +Inf 1600000000\n# EOF\n",
        "a_total 1 1600000000 # {t=\"x\"} 1 1600000000\n# EOF\n",
        "# HELP a_seconds some help \\n text\n# UNIT a_seconds seconds\n# TYPE a_seconds gauge\na_seconds 1 1600000000\n# EOF\n",
        "a{} 1 1600000000\n# EOF\n",
        "a -1.5e3 1600000000\n# EOF\n",
        "a_bucket{le=\"1\"} 1 1600000000 # {} 1\n# EOF\n",
        "a 1 1.6e9\n# EOF\n",
        "a 1 1600000000\nb 2 1600000000\n# EOF\n",
        // refused
        "# HELP a\u00e9 x\n# EOF\n",
        "a{b=\"c\",} 1 1600000000\n# EOF\n",
        "a 1 1600000000\n",
        "a 1 1600000000\n# EOF\n\n",
        "a  1 1600000000\n# EOF\n",
        "a 1 1600000000 \n# EOF\n",
        "a{b = \"c\"} 1 1600000000\n# EOF\n",
        "a 1_0 1600000000\n# EOF\n",
        "a 0x10 1600000000\n# EOF\n",
        "a 1 NaN\n# EOF\n",
        "# TYPE a untyped\na 1 1600000000\n# EOF\n",
        "# UNIT a_x y\na_x 1 1600000000\n# EOF\n",
        "a 1 1600000000 # {t=\"x\"} 1\n# EOF\n",
        "# comment\na 1 1600000000\n# EOF\n",
        "\na 1 1600000000\n# EOF\n",
        " a 1 1600000000\n# EOF\n",
        "a{b='c'} 1 1600000000\n# EOF\n",
        "a{b=\"c\"d=\"e\"} 1 1600000000\n# EOF\n",
        "a_total 1 1600000000 # {t=\"x\"}\n# EOF\n",
        "a\t1 1600000000\n# EOF\n",
        "#  TYPE a counter\n# EOF\n",
        "# TYPE a counter \n# EOF\n",
        "# HELP a\n# EOF\n",
        "9a 1 1600000000\n# EOF\n",
        "a{b=\"c\",b=\"d\"} 1 1600000000\n# EOF\n",
        "x_total 1 1600000000 # {a=\"" + "b".repeat(128) + "\"} 1\n# EOF\n",
        "x_total 1 1600000000 # {a=\"" + "b".repeat(127) + "\"} 1\n# EOF\n",
        "a_total 1 1600000000 # {t=\"x\"} 1 NaN\n# EOF\n",
        "a 1 1600000000 # x\n# EOF\n",
        "a{b=\"\u00ff\u20ac\"} 1 1600000000\n# EOF\n");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("bodies")
  void acceptsExactlyWhatPrometheusAccepts(String body) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool (Debian package prometheus) not installed");
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String ours = ParseTrace.error(new OpenMetricsParser(b));
    Path in = dir.resolve("in.om");
    Files.write(in, b);
    Process p = new ProcessBuilder(PROMTOOL.toString(), "tsdb", "create-blocks-from", "openmetrics", in.toString(),
        dir.resolve("out").toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    boolean promtoolAccepts = p.exitValue() == 0;
    assertEquals(promtoolAccepts, ours.isEmpty(), "ours: " + ours + "\npromtool: " + out);
  }
}
