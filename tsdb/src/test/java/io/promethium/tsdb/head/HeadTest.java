package io.promethium.tsdb.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.AppendException;
import io.promethium.core.storage.Appender;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SeriesSet;
import io.promethium.core.storage.StaleNaN;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeadTest {
  @TempDir Path dir;

  static Head open(Path dir) throws Exception {
    return Head.open(dir, HeadOptions.defaults(), new MetricsRegistry(), Long.MIN_VALUE);
  }

  /** All samples in range as "labels -> [t=v, ...]". */
  static Map<String, List<String>> dump(Querier q, Matcher... ms) {
    Map<String, List<String>> out = new TreeMap<>();
    SeriesSet ss = q.select(true, null, ms);
    SampleIterator it = null;
    while (ss.next()) {
      List<String> samples = new ArrayList<>();
      it = ss.at().iterator(it);
      while (it.next()) {
        samples.add(it.timestamp() + "=" + it.value());
      }
      assertEquals(null, it.error());
      out.put(ss.at().labels().toString(), samples);
    }
    return out;
  }

  @Test
  void prefetchHasNoVisibleEffect(@TempDir Path other) throws Exception {
    Map<String, List<String>> plain = appendSeries(dir, false);
    Map<String, List<String>> prefetched = appendSeries(other, true);
    assertEquals(300, plain.get("{__name__=\"p\", i=\"3\"}").size());
    assertEquals(plain, prefetched);
  }

  /** 20 series over 300 scrapes (chunks cut on the way), optionally prefetching every ref, known or not. */
  private static Map<String, List<String>> appendSeries(Path dir, boolean prefetch) throws Exception {
    try (Head h = open(dir)) {
      long[] refs = new long[20];
      for (int t = 0; t < 300; t++) {
        Appender a = h.appender();
        if (prefetch) {
          for (long unknown : new long[] {0, -5, 1L << 40, Long.MAX_VALUE, 21}) {
            a.prefetch(unknown);
          }
        }
        for (int s = 0; s < refs.length; s++) {
          if (prefetch && refs[(s + 1) % refs.length] != 0) {
            a.prefetch(refs[(s + 1) % refs.length]);
          }
          refs[s] = a.append(refs[s], Labels.of("__name__", "p", "i", Integer.toString(s)), t * 15_000L, t * 0.5 * s);
        }
        a.commit();
      }
      try (Querier q = h.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        return dump(q, Matcher.equal("__name__", "p"));
      }
    }
  }

  @Test
  void appendQueryReopen() throws Exception {
    Map<String, List<String>> before;
    long n = 0;
    try (Head h = open(dir)) {
      long[] refs = new long[50];
      for (int t = 0; t < 1000; t++) {
        Appender a = h.appender();
        for (int s = 0; s < 50; s++) {
          refs[s] = a.append(refs[s], Labels.of("__name__", "m", "i", Integer.toString(s)), t * 15_000L, t * s);
          n++;
        }
        a.commit();
      }
      assertEquals(50, h.numSeries());
      assertTrue(h.numChunks() > 50, "chunks were cut: " + h.numChunks());
      try (Querier q = h.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        before = dump(q, Matcher.equal("__name__", "m"));
      }
      assertEquals(50, before.size());
      assertEquals(1000, before.get("{__name__=\"m\", i=\"7\"}").size());
    }
    assertTrue(Files.list(dir.resolve("chunks_head")).count() > 0);
    try (Head h = open(dir)) {
      assertEquals(50, h.numSeries());
      assertEquals(0, h.minTime());
      assertEquals(999 * 15_000L, h.maxTime());
      try (Querier q = h.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        assertEquals(before, dump(q, Matcher.equal("__name__", "m")));
      }
      // New series refs continue after the replayed ones.
      Appender a = h.appender();
      long ref = a.append(0, Labels.of("__name__", "new"), 999 * 15_000L, 1);
      assertTrue(ref > 50);
      a.commit();
    }
  }

  @Test
  void replaySkipsRecordTypesItDoesNotKeep() throws Exception {
    java.nio.file.Path walDir = dir.resolve("wal");
    try (io.promethium.tsdb.wal.Wal w = io.promethium.tsdb.wal.Wal.open(walDir, 1 << 20, true, null)) {
      io.promethium.tsdb.fileio.ByteEncoder b = new io.promethium.tsdb.fileio.ByteEncoder();
      io.promethium.tsdb.record.RecordEncoder.series(
          List.of(new io.promethium.tsdb.record.SeriesRecord(7, Labels.of("__name__", "x"))), b);
      w.log(b);
      for (int type : new int[] {4, 5, 6, 7, 8, 99}) {
        b.reset();
        b.putByte(type);
        b.putBe64(7);
        b.putBe64(12345);
        w.log(b);
      }
      io.promethium.tsdb.record.SampleBatch sb = new io.promethium.tsdb.record.SampleBatch();
      sb.add(7, 1000, 1.5);
      sb.add(8, 1000, 2.5); // unknown series: skipped
      io.promethium.tsdb.record.RecordEncoder.samples(sb, 0, 2, b);
      w.log(b);
    }
    try (Head h = open(dir)) {
      assertEquals(1, h.numSeries());
      try (Querier q = h.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        assertEquals(Map.of("{__name__=\"x\"}", List.of("1000=1.5")), dump(q, Matcher.equal("__name__", "x")));
      }
      Appender a = h.appender();
      assertEquals(8, a.append(0, Labels.of("__name__", "y"), 2000, 1));
      a.commit();
    }
  }

  @Test
  void seekSkipsAcrossChunksAndStaysPut() throws Exception {
    try (Head h = open(dir)) {
      long ref = 0;
      for (int t = 0; t < 2000; t++) {
        Appender a = h.appender();
        ref = a.append(ref, Labels.of("__name__", "s"), t * 1000L, t);
        a.commit();
      }
      assertTrue(h.numChunks() > 10);
      try (Querier q = h.querier(5_500, 1_900_000)) {
        SeriesSet ss = q.select(true, null, Matcher.equal("__name__", "s"));
        assertTrue(ss.next());
        SampleIterator it = ss.at().iterator(null);
        assertTrue(it.seek(0));
        assertEquals(6000, it.timestamp()); // clamped to the querier's mint
        assertTrue(it.seek(6000));
        assertEquals(6000, it.timestamp()); // stays put
        assertTrue(it.seek(1_234_567));
        assertEquals(1_235_000, it.timestamp());
        assertTrue(it.next());
        assertEquals(1_236_000, it.timestamp());
        assertTrue(it.seek(1_899_999));
        assertEquals(1_900_000, it.timestamp());
        assertTrue(!it.next());
        assertTrue(!it.seek(1_900_001));
        assertEquals(null, it.error());
        // Select hints replace the querier's range, as in Prometheus's block querier.
        SeriesSet hinted = q.select(true, new io.promethium.core.storage.SelectHints(10_000, 12_000, 0, null, 0),
            Matcher.equal("__name__", "s"));
        assertTrue(hinted.next());
        SampleIterator hi = hinted.at().iterator(null);
        List<Long> ts = new ArrayList<>();
        while (hi.next()) {
          ts.add(hi.timestamp());
        }
        assertEquals(List.of(10_000L, 11_000L, 12_000L), ts);
      }
    }
  }

  @Test
  void appendRules() throws Exception {
    try (Head h = open(dir)) {
      Labels l = Labels.of("__name__", "x");
      Appender a = h.appender();
      long ref = a.append(0, l, 10_000_000, 1);
      a.commit();
      Appender b = h.appender();
      assertEquals(AppendException.Reason.OUT_OF_ORDER, assertThrows(AppendException.class, () -> b.append(ref, l, 9_999_999, 1)).reason());
      assertEquals(AppendException.Reason.DUPLICATE_SAMPLE, assertThrows(AppendException.class, () -> b.append(ref, l, 10_000_000, 2)).reason());
      b.append(ref, l, 10_000_000, 1); // same value: fine
      // more than an hour (half the chunk range) older than the head max: out of bounds
      assertEquals(AppendException.Reason.OUT_OF_BOUNDS, assertThrows(AppendException.class, () -> b.append(0, Labels.of("__name__", "y"), 10_000_000 - 3_600_001, 1)).reason());
      b.append(ref, l, 10_000_001, StaleNaN.VALUE);
      b.commit();
      try (Querier q = h.querier(0, Long.MAX_VALUE)) {
        SeriesSet ss = q.select(true, null, Matcher.equal("__name__", "x"));
        assertTrue(ss.next());
        SampleIterator it = ss.at().iterator(null);
        assertTrue(it.next());
        assertEquals(10_000_000, it.timestamp());
        assertTrue(it.next());
        assertTrue(StaleNaN.is(it.value()));
        assertTrue(!it.next());
      }
      Appender c = h.appender();
      c.append(ref, l, 10_000_002, 5);
      c.rollback();
      try (Querier q = h.querier(10_000_002, Long.MAX_VALUE)) {
        assertTrue(dump(q, Matcher.equal("__name__", "x")).isEmpty());
      }
    }
  }

  static Stream<Arguments> matcherCases() {
    return Stream.of(
        Arguments.of(new Matcher[] {Matcher.equal("job", "a")}, 3),
        Arguments.of(new Matcher[] {Matcher.of(MatchType.REGEX, "job", "a|b")}, 5),
        Arguments.of(new Matcher[] {Matcher.of(MatchType.REGEX, "job", "a.*")}, 3),
        Arguments.of(new Matcher[] {Matcher.equal("job", "a"), Matcher.of(MatchType.NOT_EQUAL, "i", "1")}, 2),
        Arguments.of(new Matcher[] {Matcher.of(MatchType.NOT_REGEX, "job", "a"), Matcher.equal("__name__", "m")}, 2),
        Arguments.of(new Matcher[] {Matcher.equal("__name__", "m"), Matcher.equal("extra", "")}, 5),
        Arguments.of(new Matcher[] {Matcher.of(MatchType.REGEX, "extra", ".+")}, 1),
        Arguments.of(new Matcher[] {Matcher.of(MatchType.REGEX, "__name__", "o.+")}, 1),
        Arguments.of(new Matcher[] {Matcher.of(MatchType.REGEX, "__name__", "m|ot.*")}, 6),
        Arguments.of(new Matcher[] {Matcher.of(MatchType.REGEX, "job", "(?i)A")}, 3),
        Arguments.of(new Matcher[] {Matcher.of(MatchType.REGEX, "job", "(a|b)")}, 5),
        Arguments.of(new Matcher[] {Matcher.of(MatchType.REGEX, "job", "a|zz")}, 3),
        Arguments.of(new Matcher[] {Matcher.equal("job", "zzz")}, 0));
  }

  @ParameterizedTest
  @MethodSource("matcherCases")
  void matchers(Matcher[] ms, int expected) throws Exception {
    try (Head h = open(dir)) {
      Appender a = h.appender();
      a.append(0, Labels.of("__name__", "m", "job", "a", "i", "1"), 1000, 1);
      a.append(0, Labels.of("__name__", "m", "job", "a", "i", "2"), 1000, 1);
      a.append(0, Labels.of("__name__", "m", "job", "a", "i", "3"), 1000, 1);
      a.append(0, Labels.of("__name__", "m", "job", "b", "i", "1"), 1000, 1);
      a.append(0, Labels.of("__name__", "m", "job", "b", "i", "2"), 1000, 1);
      a.append(0, Labels.of("__name__", "other", "job", "c", "extra", "x"), 1000, 1);
      a.commit();
      try (Querier q = h.querier(0, 2000)) {
        assertEquals(expected, dump(q, ms).size(), java.util.Arrays.toString(ms));
      }
    }
  }

  @Test
  void chunkCutFollowsPrometheus() {
    // 15s scrapes over a 2h range: Prometheus cuts at 120 samples (30 minutes) then recomputes.
    assertEquals(1_800_000L, MemSeries.computeChunkEndTime(0, 29 * 15_000, 7_200_000));
    assertEquals(7_200_000L, MemSeries.computeChunkEndTime(0, 1_800_000 - 1, 7_200_000));
    assertEquals(3_600_000L, MemSeries.computeChunkEndTime(0, 29 * 30_000, 7_200_000));
    assertEquals(7_200_000L, MemSeries.rangeForTimestamp(0, 7_200_000));
    assertEquals(14_400_000L, MemSeries.rangeForTimestamp(7_200_000, 7_200_000));
  }

  @Test
  void truncateDropsOldChunksAndSeriesAndCheckpoints() throws Exception {
    HeadOptions o = HeadOptions.defaults().withWal(true, true, 32 * 1024);
    try (Head h = Head.open(dir, o, new MetricsRegistry(), Long.MIN_VALUE)) {
      for (int t = 0; t < 2000; t++) {
        Appender a = h.appender();
        if (t < 1000) {
          a.append(0, Labels.of("__name__", "old"), t * 10_000L, t);
        }
        for (int k = 0; k < 12; k++) {
          a.append(0, Labels.of("__name__", "keep", "k", "" + k), t * 10_000L, t);
        }
        a.commit();
      }
      assertEquals(13, h.numSeries());
      h.truncate(15_000_000);
      assertEquals(12, h.numSeries());
      assertEquals(15_000_000, h.minTime());
      assertTrue(Files.list(dir.resolve("wal")).anyMatch(p -> p.getFileName().toString().startsWith("checkpoint.")),
          () -> { try (Stream<Path> l = Files.list(dir.resolve("wal"))) { return l.toList().toString(); } catch (Exception e) { return e.toString(); } });
    }
    try (Head h = Head.open(dir, o, new MetricsRegistry(), 15_000_000)) {
      assertEquals(12, h.numSeries());
      try (Querier q = h.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        List<String> s = dump(q, Matcher.equal("__name__", "keep")).get("{__name__=\"keep\", k=\"2\"}");
        assertEquals("15000000=1500.0", s.get(0));
        assertEquals(500, s.size());
      }
    }
  }

  @Test
  void keepsTheCallersLabelsWithStringsSharedAcrossSeries() throws Exception {
    try (Head h = open(dir)) {
      // Strings built at run time: equal but distinct objects, as a parser makes them per series.
      String job = new StringBuilder("no").append("de").toString();
      Labels a = Labels.of("__name__", "up", "job", job, "instance", "a:9100");
      Labels b = Labels.of("__name__", "up", "job", new StringBuilder("no").append("de").toString(), "instance", "b:9100");
      assertTrue(a.get("job") != b.get("job"));
      Appender app = h.appender();
      long ra = app.append(0, a, 1000, 1);
      long rb = app.append(0, b, 1000, 2);
      app.commit();
      assertSame(a, h.seriesByLabels(a).labels(), "the head keeps the instance it was given");
      assertSame(b, h.seriesByLabels(Labels.of("__name__", "up", "job", "node", "instance", "b:9100")).labels());
      assertSame(a.get("job"), b.get("job"), "equal values share one string");
      assertSame(a.metricName(), b.metricName());
      assertEquals(Labels.of("__name__", "up", "job", "node", "instance", "a:9100"), a);
      assertTrue(ra != rb);
      try (Querier q = h.querier(0, 2000)) {
        assertEquals(Map.of("{__name__=\"up\", instance=\"a:9100\", job=\"node\"}", List.of("1000=1.0"),
            "{__name__=\"up\", instance=\"b:9100\", job=\"node\"}", List.of("1000=2.0")), dump(q, Matcher.equal("job", "node")));
      }
    }
  }

  @Test
  void cachedRefOfSeriesDroppedByTruncationRecreatesIt() throws Exception {
    Labels l = Labels.of("__name__", "flappy");
    try (Head h = open(dir)) {
      Appender a = h.appender();
      long ref = a.append(0, l, 1000, 1);
      a.commit();
      h.truncate(10_000_000);
      assertEquals(0, h.numSeries());
      // A scrape cache still holds the old ref: the sample must land in a new series, not the dropped one.
      a = h.appender();
      long ref2 = a.append(ref, l, 10_000_000, 2);
      a.commit();
      assertTrue(ref2 != ref);
      assertEquals(1, h.numSeries());
      try (Querier q = h.querier(0, Long.MAX_VALUE)) {
        assertEquals(Map.of("{__name__=\"flappy\"}", List.of("10000000=2.0")), dump(q));
      }
    }
  }
}
