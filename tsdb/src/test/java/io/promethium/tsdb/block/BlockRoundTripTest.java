package io.promethium.tsdb.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SeriesSet;
import io.promethium.tsdb.chunk.ChunkCutter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockRoundTripTest {
  @TempDir Path dir;

  /** Series name → samples, for building blocks and checking query results. */
  static TreeMap<Labels, long[][]> sampleData(int series, int samplesPerSeries, long start, long step) {
    TreeMap<Labels, long[][]> m = new TreeMap<>();
    for (int s = 0; s < series; s++) {
      Labels l = Labels.of("__name__", "metric_" + (s % 3), "instance", "host-" + s, "job", s % 2 == 0 ? "even" : "odd");
      long[] ts = new long[samplesPerSeries];
      long[] vs = new long[samplesPerSeries];
      for (int i = 0; i < samplesPerSeries; i++) {
        ts[i] = start + i * step;
        vs[i] = Double.doubleToRawLongBits(s * 1000 + i * 0.5);
      }
      m.put(l, new long[][] {ts, vs});
    }
    return m;
  }

  static String writeBlock(Path parent, TreeMap<Labels, long[][]> data, long minT, long maxT) throws Exception {
    List<SeriesChunks> list = new ArrayList<>();
    for (Map.Entry<Labels, long[][]> e : data.entrySet()) {
      ChunkCutter c = new ChunkCutter();
      long[] ts = e.getValue()[0];
      long[] vs = e.getValue()[1];
      for (int i = 0; i < ts.length; i++) {
        c.append(ts[i], Double.longBitsToDouble(vs[i]));
      }
      list.add(new SeriesChunks(e.getKey(), c.finish()));
    }
    return new BlockWriter().write(parent, minT, maxT, SeriesSource.of(list)).orElseThrow();
  }

  static List<long[]> drain(SampleIterator it) {
    List<long[]> out = new ArrayList<>();
    while (it.next()) {
      out.add(new long[] {it.timestamp(), Double.doubleToRawLongBits(it.value())});
    }
    assertNull(it.error());
    return out;
  }

  @Test
  void writeOpenQueryEverySample() throws Exception {
    TreeMap<Labels, long[][]> data = sampleData(20, 500, 1_000_000, 15_000);
    String ulid = writeBlock(dir, data, 1_000_000, 1_000_000 + 500 * 15_000L);
    assertTrue(Files.isDirectory(dir.resolve(ulid)));
    assertFalse(Files.exists(dir.resolve(ulid + BlockFiles.TMP_FOR_CREATION_SUFFIX)));
    try (Block b = Block.open(dir.resolve(ulid))) {
      BlockMeta m = b.meta();
      assertEquals(ulid, m.ulid());
      assertEquals(20 * 500, m.stats().numSamples());
      assertEquals(20, m.stats().numSeries());
      assertEquals(20 * 5, m.stats().numChunks()); // 500 samples → 4 full chunks + 1 of 20
      assertEquals(List.of("__name__", "instance", "job"), b.index().labelNames());
      try (Querier q = b.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        SeriesSet ss = q.select(true, null, Matcher.of(MatchType.REGEX, "__name__", "metric_.*"));
        int n = 0;
        Labels prev = null;
        while (ss.next()) {
          Labels l = ss.at().labels();
          if (prev != null) {
            assertTrue(prev.compareTo(l) < 0, "sorted");
          }
          prev = l;
          long[][] want = data.get(l);
          List<long[]> got = drain(ss.at().iterator(null));
          assertEquals(want[0].length, got.size(), l.toString());
          for (int i = 0; i < got.size(); i++) {
            assertEquals(want[0][i], got.get(i)[0]);
            assertEquals(want[1][i], got.get(i)[1]);
          }
          n++;
        }
        assertNull(ss.error());
        assertEquals(20, n);
        assertEquals(List.of("even", "odd"), q.labelValues("job"));
        assertEquals(List.of("even"), q.labelValues("job", Matcher.equal("instance", "host-4")));
        assertEquals(List.of("metric_0", "metric_2"),
            q.labelValues("__name__", Matcher.of(MatchType.REGEX, "instance", "host-(3|5)")));
        assertEquals(List.of("__name__", "instance", "job"), q.labelNames(Matcher.equal("job", "odd")));
        assertEquals(List.of(), q.labelNames(Matcher.equal("job", "none")));
      }
    }
  }

  @Test
  void querierClipsToRangeAndSeeks() throws Exception {
    TreeMap<Labels, long[][]> data = sampleData(1, 300, 0, 10);
    String ulid = writeBlock(dir, data, 0, 3000);
    try (Block b = Block.open(dir.resolve(ulid));
        Querier q = b.querier(1005, 2000)) {
      SeriesSet ss = q.select(false, null, Matcher.equal("job", "even"));
      assertTrue(ss.next());
      List<long[]> got = drain(ss.at().iterator(null));
      assertEquals(1010, got.get(0)[0]);
      assertEquals(2000, got.get(got.size() - 1)[0]);
      assertEquals(100, got.size());
      SampleIterator it = ss.at().iterator(null);
      assertTrue(it.seek(1500));
      assertEquals(1500, it.timestamp());
      assertTrue(it.seek(1200)); // stays
      assertEquals(1500, it.timestamp());
      assertFalse(it.seek(2001));
      assertFalse(ss.next());
    }
  }

  @Test
  void deleteWritesTombstonesThatSurviveReopen() throws Exception {
    TreeMap<Labels, long[][]> data = sampleData(4, 100, 0, 10);
    String ulid = writeBlock(dir, data, 0, 1000);
    Path bdir = dir.resolve(ulid);
    try (Block b = Block.open(bdir)) {
      b.delete(200, 499, Matcher.equal("job", "odd"));
      assertEquals(2, b.meta().stats().numTombstones());
    }
    try (Block b = Block.open(bdir);
        Querier q = b.querier(0, 1000)) {
      assertEquals(2, b.meta().stats().numTombstones());
      SeriesSet ss = q.select(true, null, Matcher.of(MatchType.REGEX, "job", ".+"));
      while (ss.next()) {
        List<long[]> got = drain(ss.at().iterator(null));
        boolean odd = ss.at().labels().get("job").equals("odd");
        assertEquals(odd ? 70 : 100, got.size(), ss.at().labels().toString());
        for (long[] s : got) {
          assertTrue(!odd || s[0] < 200 || s[0] > 499);
        }
      }
    }
  }

  @Test
  void closeWaitsForQueriers() throws Exception {
    String ulid = writeBlock(dir, sampleData(2, 10, 0, 10), 0, 100);
    long mappedBefore = io.promethium.tsdb.fileio.MappedFile.totalMappedBytes();
    Block b = Block.open(dir.resolve(ulid));
    assertTrue(io.promethium.tsdb.fileio.MappedFile.totalMappedBytes() > mappedBefore);
    Querier q = b.querier(0, 100);
    b.close();
    assertThrows(IllegalStateException.class, () -> b.querier(0, 100));
    SeriesSet ss = q.select(true, null, Matcher.equal("job", "even"));
    assertTrue(ss.next());
    assertEquals(10, drain(ss.at().iterator(null)).size()); // still mapped
    q.close();
    assertEquals(mappedBefore, io.promethium.tsdb.fileio.MappedFile.totalMappedBytes(), "all unmapped");
  }

  @Test
  void emptySourceWritesNothing() throws Exception {
    assertTrue(new BlockWriter().write(dir, 0, 100, SeriesSource.of(List.of())).isEmpty());
    try (var s = Files.list(dir)) {
      assertEquals(0, s.count());
    }
  }
}
