package io.promethium.tsdb.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.tsdb.block.BlockMeta;
import io.promethium.tsdb.block.MetaFile;
import io.promethium.tsdb.fileio.FailingFileOps;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenMetricsBackfillTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        OpenMetricsBackfill.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String input(int n) {
    StringBuilder sb = new StringBuilder("# HELP rq Requests.\n# TYPE rq counter\n");
    for (int i = 0; i < n; i++) {
      sb.append("rq_total{code=\"200\"} ").append(i * 3).append(' ').append(1_700_000_000 + i * 45).append('\n');
      sb.append("rq_total{code=\"500\"} ").append(i).append(".5 ").append(1_700_000_000 + i * 45).append('\n');
    }
    sb.append("# TYPE temp gauge\ntemp -1.5 1700000000.123\ntemp NaN 1700000100\n# EOF\n");
    return sb.toString();
  }

  private static List<BlockMeta> metas(Path out) throws Exception {
    List<BlockMeta> l = new ArrayList<>();
    try (Stream<Path> s = Files.list(out)) {
      for (Path p : s.filter(Files::isDirectory).sorted().toList()) {
        l.add(MetaFile.read(p));
      }
    }
    l.sort((a, b) -> Long.compare(a.minTime(), b.minTime()));
    return l;
  }

  private static String exec(String... cmd) throws Exception {
    Path out = Files.createTempFile("promtool", ".out");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool timed out");
      String text = Files.readString(out);
      assertEquals(0, p.exitValue(), text);
      return text;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  @Test
  void sameBlocksAsPromtoolAndDumpMatches() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed");
    Path in = dir.resolve("in.om");
    Files.writeString(in, input(700));
    Path ours = dir.resolve("ours");
    Path theirs = dir.resolve("theirs");
    Result r = run(in.toString(), ours.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("BLOCK ULID"), r.out());
    exec(PROMTOOL.toString(), "tsdb", "create-blocks-from", "openmetrics", in.toString(), theirs.toString());
    List<BlockMeta> a = metas(ours);
    List<BlockMeta> b = metas(theirs);
    assertEquals(b.size(), a.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(b.get(i).minTime(), a.get(i).minTime(), "block " + i);
      assertEquals(b.get(i).maxTime(), a.get(i).maxTime(), "block " + i);
      assertEquals(b.get(i).stats().numSamples(), a.get(i).stats().numSamples(), "block " + i);
      assertEquals(b.get(i).stats().numSeries(), a.get(i).stats().numSeries(), "block " + i);
    }
    Files.createDirectories(ours.resolve("wal"));
    Files.createDirectories(theirs.resolve("wal"));
    String wide1 = "--min-time=" + Long.MIN_VALUE;
    String wide2 = "--max-time=" + Long.MAX_VALUE;
    String dumpOurs = exec(PROMTOOL.toString(), "tsdb", "dump", wide1, wide2, ours.toString());
    String dumpTheirs = exec(PROMTOOL.toString(), "tsdb", "dump", wide1, wide2, theirs.toString());
    assertEquals(700 * 2 + 2, dumpOurs.lines().filter(l -> l.startsWith("{")).count());
    assertEquals(dumpTheirs, dumpOurs);
  }

  @Test
  void maxBlockDurationWidensBlocks() throws Exception {
    Path in = dir.resolve("in.om");
    Files.writeString(in, input(700)); // 700 x 45s ≈ 8.75h
    Result r = run("--max-block-duration=24h", "--quiet", in.toString(), dir.resolve("o").toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.out());
    List<BlockMeta> m = metas(dir.resolve("o"));
    // 18h windows (largest 2h*3^k <= 24h): the data falls into one or two of them.
    assertTrue(m.size() <= 2, m.toString());
    assertEquals(18 * 3600_000L, OpenMetricsBackfill.blockDuration(24 * 3600_000L));
    assertEquals(2 * 3600_000L, OpenMetricsBackfill.blockDuration(0));
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("a 1 100\na 2\n# EOF\n", "line 2: expected timestamp"),
        Arguments.of("a 1 100\n", "does not end with # EOF"),
        Arguments.of("a 1 100\na 2 99\n# EOF\n", "line 2: add sample: out of order sample"),
        Arguments.of("a 1 100\na 2 100\n# EOF\n", "line 2: add sample: duplicate sample for timestamp"),
        Arguments.of("a{b=\"c} 1 100\n# EOF\n", "parse: line 1:"));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInputLeavesOutputUntouched(String body, String message) throws Exception {
    Path in = dir.resolve("bad.om");
    Files.writeString(in, body);
    Path out = dir.resolve("out");
    Result r = run(in.toString(), out.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains(message), r.err());
    assertTrue(!Files.exists(out) || Files.list(out).findAny().isEmpty(), "nothing written");
  }

  @Test
  void diskFullOnSecondBlockRemovesTheFirst() throws Exception {
    Path in = dir.resolve("in.om");
    Files.writeString(in, input(700));
    Path out = dir.resolve("out");
    // The third index written fails: the blocks already written must go too.
    int[] indexCount = {0};
    FailingFileOps ops =
        new FailingFileOps(
            p -> p.getFileName().toString().equals("index") && ++indexCount[0] == 3, 0);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        OpenMetricsBackfill.run(new String[] {in.toString(), out.toString()}, new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8), ops);
    assertEquals(1, code);
    assertEquals(1, ops.failures());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no space left on device"), err.toString());
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(List.of(), s.toList());
    }
  }
}
