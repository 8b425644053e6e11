package io.promethium.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.Appender;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SeriesSet;
import io.promethium.tsdb.block.BlockMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbTest {
  @TempDir Path dir;

  static final long HOUR = 3_600_000L;

  static TsdbOptions opts() {
    return TsdbOptions.defaults().withCompactionInterval(Duration.ZERO);
  }

  /** Appends {@code n} series, one sample per series every {@code step} ms over {@code [from, to)}. */
  static void fill(Tsdb db, int n, long from, long to, long step) throws Exception {
    long[] refs = new long[n];
    for (long t = from; t < to; t += step) {
      Appender a = db.appender();
      for (int i = 0; i < n; i++) {
        refs[i] = a.append(refs[i], Labels.of("__name__", "m", "i", Integer.toString(i)), t, t / 1000.0 + i);
      }
      a.commit();
    }
  }

  static Map<String, List<Long>> timestamps(Tsdb db, long mint, long maxt) throws Exception {
    return timestamps(db, mint, maxt, "m");
  }

  static Map<String, List<Long>> timestampsOf(Tsdb db, String name) throws Exception {
    return timestamps(db, Long.MIN_VALUE, Long.MAX_VALUE, name);
  }

  static Map<String, List<Long>> timestamps(Tsdb db, long mint, long maxt, String name) throws Exception {
    Map<String, List<Long>> out = new TreeMap<>();
    try (Querier q = db.querier(mint, maxt)) {
      SeriesSet ss = q.select(true, null, Matcher.equal("__name__", name));
      SampleIterator it = null;
      while (ss.next()) {
        List<Long> ts = new ArrayList<>();
        it = ss.at().iterator(it);
        while (it.next()) {
          ts.add(it.timestamp());
        }
        assertEquals(null, it.error());
        out.put(ss.at().labels().toString(), ts);
      }
      assertEquals(null, ss.error());
    }
    return out;
  }

  @Test
  void compactionPersistsHeadIntoBlocksAndQueriesMerge() throws Exception {
    Map<String, List<Long>> before;
    try (Tsdb db = Tsdb.open(dir, opts())) {
      fill(db, 5, 0, 7 * HOUR, 60_000);
      before = timestamps(db, Long.MIN_VALUE, Long.MAX_VALUE);
      assertEquals(7 * 60, before.get("{__name__=\"m\", i=\"3\"}").size());
      db.compact();
      List<BlockMeta> blocks = db.blocks();
      // Head spans 7h: [0,2h), [2h,4h) persisted; head keeps >= 4h (5h-4h = 1.5 ranges, not more).
      assertEquals(2, blocks.size(), blocks.toString());
      assertEquals(0, blocks.get(0).minTime());
      assertEquals(2 * HOUR, blocks.get(0).maxTime());
      assertEquals(4 * HOUR, db.head().minTime());
      assertEquals(before, timestamps(db, Long.MIN_VALUE, Long.MAX_VALUE));
      assertEquals(List.of(), db.corruptBlocks());
      assertEquals(List.of("__name__", "i"), db.labelNames(Long.MIN_VALUE, Long.MAX_VALUE));
      assertEquals(List.of("0", "1", "2", "3", "4"), db.labelValues("i", 0, HOUR));
      assertEquals(List.of("2"), db.labelValues("i", 5 * HOUR, 6 * HOUR, Matcher.equal("i", "2")));
    }
    // Reopen: blocks + WAL replay of the rest, nothing doubled.
    try (Tsdb db = Tsdb.open(dir, opts())) {
      assertEquals(2, db.blocks().size());
      assertEquals(before, timestamps(db, Long.MIN_VALUE, Long.MAX_VALUE));
      assertEquals(0, db.startTime());
      // Appending into a persisted range is out of bounds.
      Appender a = db.appender();
      assertThrows(io.promethium.core.storage.AppendException.class,
          () -> a.append(0, Labels.of("__name__", "m", "i", "0"), HOUR, 1));
      a.rollback();
    }
  }

  @Test
  void leveledCompactionMergesOldBlocks() throws Exception {
    try (Tsdb db = Tsdb.open(dir, opts())) {
      fill(db, 3, 0, 20 * HOUR, 120_000);
      Map<String, List<Long>> before = timestamps(db, Long.MIN_VALUE, Long.MAX_VALUE);
      db.compact();
      List<BlockMeta> blocks = db.blocks();
      assertTrue(blocks.stream().anyMatch(b -> b.maxTime() - b.minTime() == 6 * HOUR), blocks.toString());
      assertTrue(blocks.stream().anyMatch(b -> b.compaction().level() > 1), blocks.toString());
      for (int i = 1; i < blocks.size(); i++) {
        assertTrue(blocks.get(i - 1).maxTime() <= blocks.get(i).minTime(), "overlap: " + blocks);
      }
      assertEquals(before, timestamps(db, Long.MIN_VALUE, Long.MAX_VALUE));
    }
  }

  @Test
  void backgroundThreadCompactsAndReplayReportsProgress() throws Exception {
    try (Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withCompactionInterval(Duration.ofMillis(50)))) {
      fill(db, 2, 0, 7 * HOUR, 60_000);
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (db.blocks().size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(2, db.blocks().size());
    }
    List<io.promethium.tsdb.head.ReplayProgress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Tsdb db = Tsdb.open(dir, opts(), seen::add)) {
      assertTrue(db.isReady());
      assertFalse(seen.isEmpty());
      io.promethium.tsdb.head.ReplayProgress last = seen.get(seen.size() - 1);
      assertTrue(last.done());
      assertEquals(last, db.replayProgress());
      assertTrue(last.max() >= last.min() && last.current() == last.max(), last.toString());
      assertEquals(4 * HOUR, db.head().minTime());
      TsdbStats st = db.stats(null, 10);
      assertEquals(2, st.numSeries());
      assertEquals("m", st.postings().seriesCountByMetricName().get(0).name());
      assertEquals(2, st.postings().seriesCountByMetricName().get(0).value());
    }
  }

  @Test
  void commitWakesCompactionWhenHeadIsDue() throws Exception {
    try (Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withCompactionInterval(Duration.ofHours(1)))) {
      fill(db, 2, 0, 7 * HOUR, 60_000); // the last commits leave the head spanning 3.5 ranges
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (db.blocks().size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(2, db.blocks().size());
    }
  }

  @Test
  void secondOpenIsRefusedByLock() throws Exception {
    try (Tsdb db = Tsdb.open(dir, opts())) {
      IOException e = assertThrows(IOException.class, () -> Tsdb.open(dir, opts()));
      assertEquals("lock DB directory: resource temporarily unavailable", e.getMessage());
      assertTrue(Files.exists(dir.resolve("lock")));
    }
    assertFalse(Files.exists(dir.resolve("lock")));
    Tsdb.open(dir, opts()).close();
  }

  @Test
  void directoryHeldByPrometheusStyleFlockIsRefused() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/flock")), "util-linux flock missing");
    Files.createDirectories(dir);
    // flock(1) takes the same kind of lock as Prometheus's fileutil.Flock.
    Process p = new ProcessBuilder("/usr/bin/flock", "-n", dir.resolve("lock").toString(), "sleep", "30").start();
    try {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!LockFile.heldByFlock(dir.resolve("lock")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      IOException e = assertThrows(IOException.class, () -> Tsdb.open(dir, opts()));
      assertEquals("lock DB directory: resource temporarily unavailable", e.getMessage());
    } finally {
      // flock(1) passes the locked descriptor to its child: end both.
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (LockFile.heldByFlock(dir.resolve("lock")) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Tsdb.open(dir, opts()).close();
  }

  @Test
  void timeRetentionDropsOldBlocks() throws Exception {
    try (Tsdb db = Tsdb.open(dir, opts().withRetention(Duration.ofHours(4)))) {
      fill(db, 2, 0, 13 * HOUR, 120_000);
      db.compact();
      List<BlockMeta> blocks = db.blocks();
      assertFalse(blocks.isEmpty());
      long newest = blocks.get(blocks.size() - 1).maxTime();
      for (BlockMeta b : blocks) {
        assertTrue(newest - b.maxTime() <= 4 * HOUR, b.toString());
      }
      assertTrue(blocks.get(0).minTime() > 0);
    }
  }

  @Test
  void sizeRetentionHoldsLimit() throws Exception {
    MetricsRegistry reg = new MetricsRegistry();
    long limit = 2 * 1024 * 1024;
    try (Tsdb db = Tsdb.open(dir, opts().withRetentionBytes(limit).withRegistry(reg).withWalSegmentSize(256 * 1024))) {
      java.util.Random r = new java.util.Random(3);
      long[] refs = new long[300];
      for (long t = 0; t < 20 * HOUR; t += 60_000) {
        Appender a = db.appender();
        for (int i = 0; i < refs.length; i++) {
          refs[i] = a.append(refs[i], Labels.of("__name__", "m", "i", Integer.toString(i)), t, r.nextDouble());
        }
        a.commit();
      }
      db.compact();
      long blocksBytes = 0;
      try (var s = Files.walk(dir)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          String rel = dir.relativize(p).toString();
          if (!rel.startsWith("wal") && !rel.startsWith("chunks_head") && !rel.equals("lock")) {
            blocksBytes += Files.size(p);
          }
        }
      }
      long headBytes = db.head().walSize() + db.head().chunksSize();
      assertFalse(db.blocks().isEmpty());
      assertTrue(blocksBytes + headBytes <= limit,
          "blocks " + blocksBytes + " + head " + headBytes + " > " + limit);
      StringBuilder sb = new StringBuilder();
      reg.writeText(sb);
      assertTrue(sb.toString().contains("prometheus_tsdb_size_retentions_total 1"), sb.toString());
    }
  }

  @Test
  void deleteHidesSamplesInHeadAndBlocksAndCleanTombstonesRewrites() throws Exception {
    try (Tsdb db = Tsdb.open(dir, opts())) {
      fill(db, 3, 0, 6 * HOUR, 60_000);
      db.compact();
      assertFalse(db.blocks().isEmpty());
      db.delete(HOUR, 5 * HOUR, Matcher.equal("i", "1"));
      Map<String, List<Long>> ts = timestamps(db, Long.MIN_VALUE, Long.MAX_VALUE);
      for (long t : ts.get("{__name__=\"m\", i=\"1\"}")) {
        assertTrue(t < HOUR || t > 5 * HOUR, "deleted sample visible at " + t);
      }
      assertEquals(6 * 60, ts.get("{__name__=\"m\", i=\"2\"}").size());
      String before = db.blocks().toString();
      db.cleanTombstones();
      assertFalse(before.equals(db.blocks().toString()));
      assertEquals(ts, timestamps(db, Long.MIN_VALUE, Long.MAX_VALUE));
    }
    try (Tsdb db = Tsdb.open(dir, opts())) {
      Map<String, List<Long>> ts = timestamps(db, Long.MIN_VALUE, Long.MAX_VALUE);
      for (long t : ts.get("{__name__=\"m\", i=\"1\"}")) {
        assertTrue(t < HOUR || t > 5 * HOUR, "deleted sample visible after reopen at " + t);
      }
    }
  }

  @Test
  void corruptBlockIsSkippedNotFatal() throws Exception {
    try (Tsdb db = Tsdb.open(dir, opts())) {
      fill(db, 2, 0, 5 * HOUR, 60_000);
      db.compact();
    }
    Path bad = dir.resolve("01ARZ3NDEKTSV4RRFFQ69G5FAV");
    Files.createDirectories(bad);
    Files.writeString(bad.resolve("meta.json"), "{not json");
    try (Tsdb db = Tsdb.open(dir, opts())) {
      assertEquals(List.of("01ARZ3NDEKTSV4RRFFQ69G5FAV"), db.corruptBlocks());
      assertEquals(2, timestamps(db, Long.MIN_VALUE, Long.MAX_VALUE).size());
    }
  }

  @Test
  void snapshotWithHeadOpensAsDatabase() throws Exception {
    Map<String, List<Long>> before;
    Path snap = dir.resolve("snapshots").resolve("s1");
    Path data = dir.resolve("data");
    try (Tsdb db = Tsdb.open(data, opts())) {
      fill(db, 2, 0, 5 * HOUR, 60_000);
      db.compact();
      before = timestamps(db, Long.MIN_VALUE, Long.MAX_VALUE);
      db.snapshot(snap, true);
    }
    try (Tsdb db = Tsdb.open(snap, opts())) {
      assertEquals(before, timestamps(db, Long.MIN_VALUE, Long.MAX_VALUE));
    }
  }
}
