package io.promethium.tsdb.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SeriesSet;
import io.promethium.core.storage.StaleNaN;
import io.promethium.tsdb.chunk.ChunkCutter;
import io.promethium.tsdb.chunk.ChunkReader;
import io.promethium.tsdb.chunk.EncodedChunk;
import io.promethium.tsdb.index.IndexReader;
import io.promethium.tsdb.index.Postings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks written by us are read by promtool and blocks written by promtool are read by us. */
class PromtoolInteropTest {
  @TempDir Path dir;

  @BeforeEach
  void needPromtool() {
    Promtool.assumeInstalled();
  }

  /** "labels value timestamp" lines, as promtool tsdb dump prints them and as we render our samples. */
  private static String line(Labels l, double v, long t) {
    return l + " " + goFloat(v) + " " + t;
  }

  /** Go's %g for the values used here. */
  static String goFloat(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e21) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  @Test
  void promtoolDumpsExactlyWhatWeWrote() throws Exception {
    Random r = new Random(7);
    long start = 1_700_000_000_000L;
    List<SeriesChunks> series = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    TreeMap<Labels, Integer> names = new TreeMap<>();
    for (int s = 0; s < 12; s++) {
      names.put(Labels.of("__name__", "m" + (s % 4), "inst", "i" + s, "zone", "z" + (s % 2)), s);
    }
    for (Labels l : names.keySet()) {
      ChunkCutter c = new ChunkCutter();
      long t = start;
      for (int i = 0; i < 333; i++) {
        t += 15_000 + r.nextInt(5) - 2;
        double v = i % 97 == 96 ? StaleNaN.VALUE : r.nextInt(1000) / 4.0;
        c.append(t, v);
        expected.add(line(l, v, t));
      }
      series.add(new SeriesChunks(l, c.finish()));
    }
    String ulid =
        new BlockWriter().write(dir, start, start + 7_200_000, SeriesSource.of(series)).orElseThrow();
    String list = Promtool.run("tsdb", "list", dir.toString());
    assertTrue(list.contains(ulid), list);
    assertTrue(list.contains(" 3996 "), "sample count in: " + list);
    String analyze = Promtool.run("tsdb", "analyze", dir.toString(), ulid);
    assertTrue(analyze.contains("Series: 12"), analyze);
    Files.createDirectories(dir.resolve("wal"));
    String dump =
        Promtool.run("tsdb", "dump", "--min-time=" + Long.MIN_VALUE, "--max-time=" + Long.MAX_VALUE, dir.toString());
    List<String> got = dump.lines().filter(x -> x.startsWith("{")).toList();
    assertEquals(expected, got);
  }

  /**
   * U+FF01 sorts before U+1F600 in UTF-8 (Go) but after it in UTF-16 (Java's String order): the index
   * must use Go's order, which promtool checks when it reads postings back in label order.
   */
  @Test
  void seriesAreInUtf8OrderLikeGo() throws Exception {
    long t = 1_700_000_000_000L;
    List<SeriesChunks> javaOrder = new ArrayList<>();
    // Handed to the writer in UTF-16 order (emoji first): the writer must re-sort into UTF-8 order.
    List<Labels> ls = List.of(Labels.of("__name__", "m", "v", "\uD83D\uDE00"), Labels.of("__name__", "m", "v", "\uFF01"));
    assertTrue(ls.get(0).compareTo(ls.get(1)) > 0, "Labels.compareTo must follow UTF-8 order");
    for (Labels l : ls) {
      ChunkCutter c = new ChunkCutter();
      c.append(t, 1);
      javaOrder.add(new SeriesChunks(l, c.finish()));
    }
    assertEquals("\uD83D\uDE00", javaOrder.get(0).labels().get("v"));
    String id = new BlockWriter().write(dir, t, t + 1000, SeriesSource.of(javaOrder)).orElseThrow();
    Files.createDirectories(dir.resolve("wal"));
    String dump =
        Promtool.run("tsdb", "dump", "--min-time=" + Long.MIN_VALUE, "--max-time=" + Long.MAX_VALUE, dir.toString());
    List<String> lines = dump.lines().filter(x -> x.startsWith("{")).toList();
    assertEquals(2, lines.size(), dump);
    assertTrue(lines.get(0).contains("\uFF01"), dump);
    try (Block b = Block.open(dir.resolve(id));
        Querier q = b.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet ss = q.select(true, null, Matcher.equal("__name__", "m"));
      assertTrue(ss.next());
      assertEquals("\uFF01", ss.at().labels().get("v"));
    }
  }

  @Test
  void promtoolReadsOurCompactedBlocks() throws Exception {
    Path src = dir.resolve("src");
    Files.createDirectories(src);
    List<String> expected = new ArrayList<>();
    List<Block> blocks = new ArrayList<>();
    long start = 1_700_000_000_000L;
    for (int blk = 0; blk < 3; blk++) {
      List<SeriesChunks> series = new ArrayList<>();
      for (String inst : new String[] {"a", "b"}) {
        Labels l = Labels.of("__name__", "up", "instance", inst);
        ChunkCutter c = new ChunkCutter();
        for (int i = 0; i < 480; i++) {
          long t = start + blk * 7_200_000L + i * 15_000L;
          c.append(t, inst.equals("a") ? i : -i);
        }
        series.add(new SeriesChunks(l, c.finish()));
      }
      long min = start + blk * 7_200_000L;
      String id = new BlockWriter().write(src, min, min + 7_200_000L, SeriesSource.of(series)).orElseThrow();
      blocks.add(Block.open(src.resolve(id)));
    }
    for (String inst : new String[] {"a", "b"}) {
      for (int blk = 0; blk < 3; blk++) {
        for (int i = 0; i < 480; i++) {
          expected.add(
              line(Labels.of("__name__", "up", "instance", inst), inst.equals("a") ? i : -i,
                  start + blk * 7_200_000L + i * 15_000L));
        }
      }
    }
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    String id =
        new io.promethium.tsdb.compact.LeveledCompactor(
                io.promethium.tsdb.compact.BlockRanges.exponential(7_200_000L, 3, 3))
            .compact(blocks, out)
            .orElseThrow();
    for (Block b : blocks) {
      b.close();
    }
    String list = Promtool.run("tsdb", "list", out.toString());
    assertTrue(list.contains(id) && list.contains(" 2880 "), list);
    String analyze = Promtool.run("tsdb", "analyze", out.toString(), id);
    assertTrue(analyze.contains("Series: 2"), analyze);
    Files.createDirectories(out.resolve("wal"));
    String dump =
        Promtool.run("tsdb", "dump", "--min-time=" + Long.MIN_VALUE, "--max-time=" + Long.MAX_VALUE, out.toString());
    assertEquals(expected, dump.lines().filter(x -> x.startsWith("{")).toList());
  }

  @Test
  void weReadEverySampleOfPromtoolBlocks() throws Exception {
    Path in = dir.resolve("in.om");
    StringBuilder om = new StringBuilder("# TYPE foo gauge\n");
    TreeMap<Labels, List<long[]>> want = new TreeMap<>();
    long t0 = 1_700_000_000L;
    for (int i = 0; i < 600; i++) {
      String b = Integer.toString(i % 3);
      double v = i * 1.25;
      long ts = t0 + i * 30L;
      om.append("foo{a=\"x\",b=\"").append(b).append("\"} ").append(v).append(' ').append(ts).append('\n');
      want.computeIfAbsent(Labels.of("__name__", "foo", "a", "x", "b", b), k -> new ArrayList<>())
          .add(new long[] {ts * 1000, Double.doubleToRawLongBits(v)});
    }
    om.append("# EOF\n");
    Files.writeString(in, om);
    Path out = dir.resolve("out");
    Promtool.run("tsdb", "create-blocks-from", "openmetrics", in.toString(), out.toString());
    TreeMap<Labels, List<long[]>> got = new TreeMap<>();
    List<Path> blocks;
    try (Stream<Path> s = Files.list(out)) {
      blocks = s.filter(Files::isDirectory).sorted().toList();
    }
    assertTrue(blocks.size() >= 2, "600 x 30s spans more than one 2h block");
    for (Path bd : blocks) {
      try (Block b = Block.open(bd);
          Querier q = b.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        SeriesSet ss = q.select(true, null, Matcher.of(MatchType.REGEX, "__name__", ".+"));
        while (ss.next()) {
          SampleIterator it = ss.at().iterator(null);
          while (it.next()) {
            got.computeIfAbsent(ss.at().labels(), k -> new ArrayList<>())
                .add(new long[] {it.timestamp(), Double.doubleToRawLongBits(it.value())});
          }
        }
        assertEquals(null, ss.error());
      }
    }
    assertEquals(want.keySet(), got.keySet());
    for (Labels l : want.keySet()) {
      assertEquals(want.get(l).size(), got.get(l).size(), l.toString());
      for (int i = 0; i < want.get(l).size(); i++) {
        assertArrayEquals(want.get(l).get(i), got.get(l).get(i), l + " sample " + i);
      }
    }
  }

  /**
   * Re-encodes each promtool block's series and chunks with our writers: the index and chunk segment
   * files must come out byte for byte identical.
   */
  @Test
  void ourWritersReproducePromtoolFilesByteForByte() throws Exception {
    Path in = dir.resolve("in.om");
    StringBuilder om = new StringBuilder("# TYPE up gauge\n");
    for (int i = 0; i < 300; i++) {
      for (int s = 0; s < 4; s++) {
        om.append("up{job=\"j").append(s % 2).append("\",instance=\"h").append(s).append("\"} ")
            .append(i % 5 == 0 ? 0 : 1).append(' ').append(1_700_000_000L + i * 20L).append('\n');
      }
    }
    om.append("# EOF\n");
    Files.writeString(in, om);
    Path out = dir.resolve("out");
    Promtool.run("tsdb", "create-blocks-from", "openmetrics", in.toString(), out.toString());
    List<Path> blocks;
    try (Stream<Path> s = Files.list(out)) {
      blocks = s.filter(Files::isDirectory).sorted().toList();
    }
    for (Path bd : blocks) {
      List<SeriesChunks> series = new ArrayList<>();
      try (Block b = Block.open(bd)) {
        IndexReader ix = b.index();
        ChunkReader cr = b.chunks();
        Postings p = ix.allPostings();
        IndexReader.SeriesEntry e = new IndexReader.SeriesEntry();
        ChunkReader.ChunkLocation loc = new ChunkReader.ChunkLocation();
        TreeSet<String> seen = new TreeSet<>();
        while (p.next()) {
          ix.series(p.at(), e);
          List<EncodedChunk> chunks = new ArrayList<>();
          for (int i = 0; i < e.chunkCount(); i++) {
            byte[] data = cr.bytes(e.chunkRef(i), loc);
            chunks.add(new EncodedChunk(e.minTime(i), e.maxTime(i), loc.encoding(), data));
          }
          seen.add(e.labels().toString());
          series.add(new SeriesChunks(e.labels(), chunks));
        }
        BlockMeta m = b.meta();
        Path mine = dir.resolve("mine");
        String ulid =
            new BlockWriter().write(mine, m.ulid(), m.minTime(), m.maxTime(), m.compaction(),
                SeriesSource.of(series)).orElseThrow();
        assertArrayEquals(
            Files.readAllBytes(bd.resolve("chunks/000001")),
            Files.readAllBytes(mine.resolve(ulid).resolve("chunks/000001")), "chunks of " + bd);
        assertArrayEquals(
            Files.readAllBytes(bd.resolve("index")),
            Files.readAllBytes(mine.resolve(ulid).resolve("index")), "index of " + bd);
        assertArrayEquals(
            Files.readAllBytes(bd.resolve("tombstones")),
            Files.readAllBytes(mine.resolve(ulid).resolve("tombstones")), "tombstones of " + bd);
        assertEquals(
            Files.readString(bd.resolve("meta.json")),
            Files.readString(mine.resolve(ulid).resolve("meta.json")), "meta.json of " + bd);
      }
    }
  }
}
