package io.promethium.tsdb.index;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.fileio.FileOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A damaged index must only ever produce {@link CorruptFileException}s: no index-out-of-bounds, no
 * negative-size arrays, no endless loops. Seeds are in the test name on failure.
 */
class IndexFuzzTest {
  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(1, 26);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void damagedIndexFailsCleanly(long seed) throws Exception {
    Random r = new Random(seed);
    Path f = dir.resolve("index");
    TreeSet<Labels> all = new TreeSet<>();
    for (int i = 0; i < 40; i++) {
      all.add(Labels.of("__name__", "m" + (i % 4), "k", "v" + (i % 9), "i", "x" + i));
    }
    Set<String> symbols = new HashSet<>();
    for (Labels l : all) {
      l.forEach((n, v) -> {
        symbols.add(n);
        symbols.add(v);
      });
    }
    try (IndexWriter w = new IndexWriter(f, FileOps.local())) {
      w.addSymbols(symbols);
      long t = 0;
      for (Labels l : all) {
        w.addSeries(l, new long[] {t, t + 50}, new long[] {t + 10, t + 60}, new long[] {8, 100}, 2);
        t += 100;
      }
    }
    byte[] orig = Files.readAllBytes(f);
    for (int round = 0; round < 40; round++) {
      byte[] b = orig.clone();
      int flips = 1 + r.nextInt(6);
      for (int k = 0; k < flips; k++) {
        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
      }
      if (r.nextInt(5) == 0) {
        b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
      }
      Path bad = dir.resolve("bad");
      Files.write(bad, b);
      IndexReader ir;
      try {
        ir = IndexReader.open(bad);
      } catch (CorruptFileException expected) {
        continue;
      }
      try (ir) {
        IndexReader.SeriesEntry e = new IndexReader.SeriesEntry();
        try {
          Postings p = ir.allPostings();
          int guard = 0;
          while (p.next() && guard++ < 10_000) {
            ir.series(p.at(), e);
          }
        } catch (CorruptFileException expected) {
          // fine
        }
        try {
          Postings p =
              ir.postingsForMatchers(
                  Matcher.of(MatchType.REGEX, "k", "v[1-5]"), Matcher.of(MatchType.NOT_EQUAL, "__name__", "m1"));
          int guard = 0;
          while (p.next() && guard++ < 10_000) {
            ir.series(p.at(), e);
          }
        } catch (CorruptFileException expected) {
          // fine
        }
        for (String n : ir.labelNames()) {
          ir.labelValues(n);
        }
      }
    }
  }
}
