package io.promethium.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void unknownFlagIsOneLineAndExitOne() {
    assertEquals(1, run("--web.listen-addres=:1"));
    assertEquals("promethium: error: unknown long flag '--web.listen-addres', try --help\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void version() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("promethium, version "));
  }

  @Test
  void invalidConfigExitsOneWithTheMessage(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("p.yml");
    Files.writeString(cfg, "scrape_configs:\n  - job_name: a\n    scrape_intervall: 5s\n");
    assertEquals(1, run("--config.file=" + cfg, "--web.listen-address=127.0.0.1:0"));
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.contains("level=error"), e);
    assertTrue(e.contains("field scrape_intervall not found in type config.ScrapeConfig"), e);
    assertTrue(e.contains(":3:5:"), e);
  }

  @Test
  void backfillSubcommandWritesBlocks(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in.om");
    Files.writeString(in, "# TYPE a gauge\na{x=\"1\"} 1 1700000000\na{x=\"1\"} 2 1700000015\n# EOF\n");
    Path outDir = dir.resolve("data");
    assertEquals(0, run("tsdb", "create-blocks-from", "openmetrics", in.toString(), outDir.toString()),
        err.toString(StandardCharsets.UTF_8));
    try (var blocks = Files.list(outDir)) {
      assertEquals(1, blocks.filter(b -> Files.exists(b.resolve("meta.json"))).count());
    }
  }

  @Test
  void backfillReportsTheBadLine(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in.om");
    Files.writeString(in, "a 1 1700000000\na{ 2 1700000015\n# EOF\n");
    assertEquals(1, run("tsdb", "create-blocks-from", "openmetrics", in.toString(), dir.resolve("d").toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("2:"), err.toString(StandardCharsets.UTF_8));
  }
}
