package io.promethium.tsdb.head;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.Querier;
import io.promethium.tsdb.fileio.ByteEncoder;
import io.promethium.tsdb.record.RecordEncoder;
import io.promethium.tsdb.record.SampleBatch;
import io.promethium.tsdb.record.SeriesRecord;
import io.promethium.tsdb.record.TombstoneRecord;
import io.promethium.tsdb.wal.Wal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WAL replay on hand-written logs, with one to several workers: the order of series, samples and
 * tombstones must come out as written whichever worker owns a ref.
 */
class WalReplayTest {
  @TempDir Path dir;

  private Head open(int threads) throws Exception {
    HeadOptions d = HeadOptions.defaults();
    HeadOptions o = new HeadOptions(d.chunkRange(), d.walEnabled(), d.walCompression(), d.walSegmentSize(),
        d.chunkFileMaxSize(), threads);
    return Head.open(dir, o, new MetricsRegistry(), Long.MIN_VALUE);
  }

  /** Writes records to a fresh WAL: each element a SeriesRecord list, SampleBatch or TombstoneRecord list. */
  private void wal(Object... records) throws Exception {
    try (Wal w = Wal.open(dir.resolve("wal"), 1 << 20, true, null)) {
      ByteEncoder b = new ByteEncoder();
      for (Object r : records) {
        b.reset();
        if (r instanceof SampleBatch sb) {
          RecordEncoder.samples(sb, 0, sb.size(), b);
        } else if (r instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof TombstoneRecord) {
          @SuppressWarnings("unchecked")
          List<TombstoneRecord> stones = (List<TombstoneRecord>) l;
          RecordEncoder.tombstones(stones, b);
        } else {
          @SuppressWarnings("unchecked")
          List<SeriesRecord> series = (List<SeriesRecord>) r;
          RecordEncoder.series(series, b);
        }
        w.log(b);
      }
    }
  }

  private static SampleBatch samples(long... refTimeValue) {
    SampleBatch b = new SampleBatch();
    for (int i = 0; i < refTimeValue.length; i += 3) {
      b.add(refTimeValue[i], refTimeValue[i + 1], refTimeValue[i + 2]);
    }
    return b;
  }

  private static Map<String, List<String>> dump(Head h) throws Exception {
    try (Querier q = h.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      return HeadTest.dump(q, Matcher.of(io.promethium.core.labels.MatchType.REGEX, "__name__", ".+"));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void seriesRepeatedUnderAnotherRefIsOneSeries(int threads) throws Exception {
    Labels x = Labels.of("__name__", "x");
    wal(List.of(new SeriesRecord(7, x)), samples(7, 1000, 1),
        List.of(new SeriesRecord(8, x)), samples(8, 2000, 2, 7, 3000, 3));
    try (Head h = open(threads)) {
      assertEquals(1, h.numSeries());
      assertEquals(Map.of("{__name__=\"x\"}", List.of("1000=1.0", "2000=2.0", "3000=3.0")), dump(h));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void tombstoneRightAfterItsSeriesIsApplied(int threads) throws Exception {
    wal(List.of(new SeriesRecord(5, Labels.of("__name__", "a")), new SeriesRecord(6, Labels.of("__name__", "b"))),
        List.of(new TombstoneRecord(5, 1500, 2500), new TombstoneRecord(6, 0, 1000)),
        samples(5, 1000, 1, 5, 2000, 2, 5, 3000, 3, 6, 1000, 4, 6, 2000, 5));
    try (Head h = open(threads)) {
      assertEquals(Map.of("{__name__=\"a\"}", List.of("1000=1.0", "3000=3.0"),
          "{__name__=\"b\"}", List.of("2000=5.0")), dump(h));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void samplesBeforeTheirSeriesRecordAreSkipped(int threads) throws Exception {
    wal(samples(3, 1000, 1), List.of(new SeriesRecord(3, Labels.of("__name__", "c"))), samples(3, 2000, 2));
    try (Head h = open(threads)) {
      assertEquals(Map.of("{__name__=\"c\"}", List.of("2000=2.0")), dump(h));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void manySeriesInterleavedComeBackWhole(int threads) throws Exception {
    int n = 5000;
    List<Object> records = new ArrayList<>();
    Map<String, List<String>> want = new TreeMap<>();
    for (int round = 0; round < 3; round++) {
      // A new batch of series per round, then samples for every series so far: creations and samples
      // of one worker interleave across jobs.
      List<SeriesRecord> created = new ArrayList<>();
      for (int i = round * n; i < (round + 1) * n; i++) {
        created.add(new SeriesRecord(i + 1, Labels.of("__name__", "m", "i", Integer.toString(i))));
      }
      records.add(created);
      SampleBatch sb = new SampleBatch();
      for (int i = 0; i < (round + 1) * n; i++) {
        sb.add(i + 1, 1000L * (round + 1), i + round);
      }
      records.add(sb);
    }
    for (int i = 0; i < 3 * n; i++) {
      List<String> s = new ArrayList<>();
      for (int round = i / n; round < 3; round++) {
        s.add(1000L * (round + 1) + "=" + (double) (i + round));
      }
      want.put("{__name__=\"m\", i=\"" + i + "\"}", s);
    }
    wal(records.toArray());
    try (Head h = open(threads)) {
      assertEquals(3 * n, h.numSeries());
      assertEquals(want, dump(h));
    }
    // Once more from the same directory: the chunks written at close must not change the answer.
    assertEquals(true, Files.isDirectory(dir.resolve("wal")));
    try (Head h = open(threads)) {
      assertEquals(want, dump(h));
    }
  }
}
