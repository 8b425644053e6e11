package io.promethium.tsdb.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SeriesSet;
import io.promethium.tsdb.block.Block;
import io.promethium.tsdb.block.BlockMeta;
import io.promethium.tsdb.block.BlockWriter;
import io.promethium.tsdb.block.SeriesChunks;
import io.promethium.tsdb.block.SeriesSource;
import io.promethium.tsdb.chunk.ChunkCutter;
import io.promethium.tsdb.fileio.FileOps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeveledCompactorTest {
  @TempDir Path dir;

  /** Writes a block with series a, b (and c when {@code withC}) sampled every {@code step} in [min, max). */
  private Block block(long min, long max, long step, boolean withC, double offset) throws Exception {
    List<SeriesChunks> list = new ArrayList<>();
    for (String s : withC ? new String[] {"a", "b", "c"} : new String[] {"a", "b"}) {
      ChunkCutter c = new ChunkCutter();
      for (long t = min; t < max; t += step) {
        c.append(t, t / 1000.0 + offset);
      }
      list.add(new SeriesChunks(Labels.of("__name__", "m", "s", s), c.finish()));
    }
    String id = new BlockWriter().write(dir, min, max, SeriesSource.of(list)).orElseThrow();
    return Block.open(dir.resolve(id));
  }

  private static TreeMap<String, List<long[]>> read(Block b) throws Exception {
    TreeMap<String, List<long[]>> out = new TreeMap<>();
    try (Querier q = b.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet ss = q.select(true, null, Matcher.of(MatchType.REGEX, "s", ".+"));
      while (ss.next()) {
        List<long[]> samples = new ArrayList<>();
        SampleIterator it = ss.at().iterator(null);
        while (it.next()) {
          samples.add(new long[] {it.timestamp(), Double.doubleToRawLongBits(it.value())});
        }
        assertNull(it.error());
        out.put(ss.at().labels().get("s"), samples);
      }
      assertNull(ss.error());
    }
    return out;
  }

  @Test
  void mergesAdjacentBlocksWithLineage() throws Exception {
    Block b1 = block(0, 7_200_000, 15_000, false, 0);
    Block b2 = block(7_200_000, 14_400_000, 15_000, true, 0);
    MetricsRegistry reg = new MetricsRegistry();
    LeveledCompactor c = new LeveledCompactor(BlockRanges.exponential(7_200_000, 3, 3), FileOps.local(), reg);
    String id = c.compact(List.of(b2, b1), dir).orElseThrow();
    try (Block out = Block.open(dir.resolve(id))) {
      BlockMeta m = out.meta();
      assertEquals(0, m.minTime());
      assertEquals(14_400_000, m.maxTime());
      assertEquals(2, m.compaction().level());
      assertEquals(List.of(b1.meta().ulid(), b2.meta().ulid()).stream().sorted().toList(), m.compaction().sources());
      assertEquals(b1.meta().ulid(), m.compaction().parents().get(0).ulid());
      assertEquals(3, m.stats().numSeries());
      assertEquals(480 * 2 + 480 * 3, m.stats().numSamples());
      TreeMap<String, List<long[]>> got = read(out);
      assertEquals(960, got.get("a").size());
      assertEquals(480, got.get("c").size());
      for (int i = 0; i < 960; i++) {
        assertEquals(i * 15_000L, got.get("a").get(i)[0]);
      }
    }
    StringBuilder text = new StringBuilder();
    reg.writeText(text);
    assertTrue(text.toString().contains("prometheus_tsdb_compactions_total 1"), text.toString());
    b1.close();
    b2.close();
  }

  @Test
  void overlappingChunksInOneBlockAreMergedInTimeOrder() throws Exception {
    ChunkCutter a = new ChunkCutter();
    ChunkCutter b = new ChunkCutter();
    for (long t = 0; t < 100; t += 20) {
      a.append(t, t);
    }
    for (long t = 10; t <= 100; t += 20) {
      b.append(t, t);
    }
    b.append(120, 120);
    List<io.promethium.tsdb.chunk.EncodedChunk> chunks = new ArrayList<>(a.finish());
    chunks.addAll(b.finish());
    String id =
        new BlockWriter()
            .write(dir, 0, 1000, SeriesSource.of(List.of(new SeriesChunks(Labels.of("s", "x"), chunks))))
            .orElseThrow();
    try (Block in = Block.open(dir.resolve(id))) {
      // Reading the block itself already merges the overlapping chunks.
      assertEquals(11, read(in).get("x").size());
      Path out = dir.resolve("out");
      String merged = new LeveledCompactor(BlockRanges.exponential(1000, 3, 3)).compact(List.of(in), out).orElseThrow();
      try (Block m = Block.open(out.resolve(merged))) {
        List<long[]> got = read(m).get("x");
        long[] want = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 120};
        assertEquals(want.length, got.size());
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], got.get(i)[0]);
        }
      }
    }
  }

  @Test
  void overlappingBlocksAreDeduplicatedAndTombstonesApplied() throws Exception {
    Block b1 = block(0, 600_000, 10_000, false, 0);
    Block b2 = block(300_000, 900_000, 5_000, false, 0);
    b1.delete(100_000, 199_999, Matcher.equal("s", "b"));
    LeveledCompactor c = new LeveledCompactor(BlockRanges.exponential(7_200_000, 3, 3));
    assertEquals(2, c.plan(List.of(b1.meta(), b2.meta())).size());
    String id = c.compact(List.of(b1, b2), dir).orElseThrow();
    try (Block out = Block.open(dir.resolve(id))) {
      TreeMap<String, List<long[]>> got = read(out);
      // a: 0..290s every 10s (30) + 300..895s every 5s (120) with shared timestamps once.
      List<long[]> a = got.get("a");
      assertEquals(30 + 120, a.size());
      for (int i = 1; i < a.size(); i++) {
        assertTrue(a.get(i)[0] > a.get(i - 1)[0], "strictly increasing");
      }
      assertEquals(150 - 10, got.get("b").size()); // 10 samples deleted in [100s, 200s)
      for (long[] s : got.get("b")) {
        assertTrue(s[0] < 100_000 || s[0] >= 200_000);
      }
      assertEquals(0, out.meta().stats().numTombstones());
    }
    b1.close();
    b2.close();
  }
}
