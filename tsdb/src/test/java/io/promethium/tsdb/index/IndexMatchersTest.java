package io.promethium.tsdb.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.fileio.FileOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Matcher evaluation over the index against brute force over every series (Prometheus semantics). */
class IndexMatchersTest {
  @TempDir static Path dir;
  static IndexReader reader;
  /** The same file mapped as 1 KiB-stride windows, as a file above 2 GiB would be. */
  static IndexReader windowed;
  static List<Labels> series = new ArrayList<>();
  static List<Long> refs = new ArrayList<>();

  @BeforeAll
  static void writeIndex() throws Exception {
    TreeSet<Labels> all = new TreeSet<>();
    String[] jobs = {"api", "api-canary", "db", "web"};
    for (int i = 0; i < 60; i++) {
      Labels.Builder b = Labels.builder().set("__name__", i % 5 == 0 ? "up" : "http_requests_total");
      b.set("job", jobs[i % jobs.length]);
      b.set("instance", "host-" + (i % 7));
      if (i % 3 == 0) {
        b.set("env", i % 2 == 0 ? "prod" : "");
      }
      if (i % 11 == 0) {
        b.set("path", "/api/v" + (i % 4));
      }
      b.set("i", Integer.toString(i));
      all.add(b.build());
    }
    Path f = dir.resolve("index");
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
        series.add(l);
        refs.add(w.addSeries(l, new long[] {t}, new long[] {t + 10}, new long[] {8 + t}, 1));
        t += 100;
      }
    }
    reader = IndexReader.open(f);
    assertTrue(Files.size(f) > 4 * 1024, "several windows");
    windowed = IndexReader.open(io.promethium.tsdb.fileio.WindowedFile.open(f, 1024, 4096));
  }

  @AfterAll
  static void close() {
    reader.close();
    windowed.close();
  }

  static Stream<List<Matcher>> cases() {
    return Stream.of(
        List.of(Matcher.equal("job", "api")),
        List.of(Matcher.equal("job", "nope")),
        List.of(Matcher.equal("__name__", "up"), Matcher.of(MatchType.NOT_EQUAL, "job", "db")),
        List.of(Matcher.of(MatchType.REGEX, "job", "api|web")),
        List.of(Matcher.of(MatchType.REGEX, "job", "api.*")),
        List.of(Matcher.of(MatchType.REGEX, "job", ".*canary")),
        List.of(Matcher.of(MatchType.NOT_REGEX, "job", "api.*"), Matcher.equal("__name__", "up")),
        List.of(Matcher.equal("env", ""), Matcher.equal("job", "db")), // series without env
        List.of(Matcher.of(MatchType.NOT_EQUAL, "env", "")), // env set and non-empty
        List.of(Matcher.of(MatchType.REGEX, "env", "prod|")), // prod or missing
        List.of(Matcher.of(MatchType.REGEX, "path", ".+")),
        List.of(Matcher.of(MatchType.REGEX, "path", "/api/v[12]"), Matcher.of(MatchType.NOT_EQUAL, "job", "web")),
        List.of(Matcher.of(MatchType.NOT_REGEX, "path", ".*")), // nothing has path="" AND... all lack path
        List.of(Matcher.of(MatchType.REGEX, "job", ".*"), Matcher.of(MatchType.NOT_EQUAL, "instance", "host-1")),
        List.of(Matcher.of(MatchType.REGEX, "instance", "host-[0-3]"), Matcher.of(MatchType.REGEX, "job", "db|web"),
            Matcher.of(MatchType.NOT_REGEX, "i", "1.*")),
        List.of(Matcher.equal("missing", "")),
        List.of(Matcher.equal("missing", "x")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void postingsForMatchersEqualsBruteForce(List<Matcher> ms) throws Exception {
    List<Long> want = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      Labels l = series.get(i);
      boolean ok = true;
      for (Matcher m : ms) {
        String v = l.get(m.name());
        ok &= m.matches(v == null ? "" : v);
      }
      if (ok) {
        want.add(refs.get(i));
      }
    }
    long[] got = Postings.toArray(reader.postingsForMatchers(ms.toArray(new Matcher[0])));
    assertArrayEquals(want.stream().mapToLong(Long::longValue).toArray(), got, ms.toString());
    got = Postings.toArray(windowed.postingsForMatchers(ms.toArray(new Matcher[0])));
    assertArrayEquals(want.stream().mapToLong(Long::longValue).toArray(), got, "windowed " + ms);
  }

  @Test
  void seriesAndLabelsReadBack() throws Exception {
    IndexReader.SeriesEntry e = new IndexReader.SeriesEntry();
    for (int i = 0; i < series.size(); i++) {
      windowed.series(refs.get(i), e);
      assertEquals(series.get(i), e.labels());
      reader.series(refs.get(i), e);
      assertEquals(series.get(i), e.labels());
      assertEquals(1, e.chunkCount());
      assertEquals(i * 100L, e.minTime(0));
      assertEquals(i * 100L + 10, e.maxTime(0));
      assertEquals(8 + i * 100L, e.chunkRef(0));
    }
    assertEquals(List.of("__name__", "env", "i", "instance", "job", "path"), reader.labelNames());
    assertEquals(List.of("prod"), reader.labelValues("env")); // an empty value means no label
    assertEquals(List.of("api", "api-canary", "db", "web"), reader.labelValues("job"));
    assertEquals(reader.labelValues("i"), windowed.labelValues("i"));
    assertEquals(reader.labelNames(), windowed.labelNames());
  }

  /** A label with 1000 values: lookups go through the sampled (every 32nd) postings offset table. */
  @Test
  void highCardinalityLookups() throws Exception {
    Path f = dir.resolve("hc-index");
    TreeSet<Labels> all = new TreeSet<>();
    for (int i = 0; i < 1000; i++) {
      all.add(Labels.of("__name__", "m", "id", Integer.toString(i * 7)));
    }
    Set<String> symbols = new HashSet<>();
    all.forEach(l -> l.forEach((n, v) -> {
      symbols.add(n);
      symbols.add(v);
    }));
    List<Labels> order = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    try (IndexWriter w = new IndexWriter(f, FileOps.local())) {
      w.addSymbols(symbols);
      for (Labels l : all) {
        order.add(l);
        ids.add(w.addSeries(l, new long[] {0}, new long[] {1}, new long[] {8}, 1));
      }
    }
    try (IndexReader r = IndexReader.open(f)) {
      List<String> values = r.labelValues("id");
      assertEquals(1000, values.size());
      assertEquals(order.stream().map(l -> l.get("id")).toList(), values);
      for (int i = 0; i < order.size(); i++) {
        assertArrayEquals(new long[] {ids.get(i)}, Postings.toArray(r.postings("id", order.get(i).get("id"))));
      }
      for (String missing : new String[] {"", "!", "1", "10000", "zzz", "3499", "6993x"}) {
        assertArrayEquals(new long[0], Postings.toArray(r.postings("id", missing)), missing);
      }
      long[] prefixed = Postings.toArray(r.postingsForMatchers(Matcher.of(MatchType.REGEX, "id", "69.*")));
      long want = order.stream().filter(l -> l.get("id").startsWith("69")).count();
      assertEquals(want, prefixed.length);
      assertEquals(1000 - want,
          Postings.toArray(r.postingsForMatchers(Matcher.of(MatchType.NOT_REGEX, "id", "69.*"), Matcher.equal("__name__", "m"))).length);
    }
  }

  @Test
  void corruptIndexIsReportedWithOffset() throws Exception {
    Path f = dir.resolve("index");
    byte[] b = Files.readAllBytes(f);
    b[b.length - 6] ^= 1; // low byte of the TOC's last offset: still in the file, so the CRC catches it
    Path bad = dir.resolve("bad-index");
    Files.write(bad, b);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> IndexReader.open(bad));
    assertEquals(bad, e.file());
    assertEquals(b.length - IndexFormat.TOC_SIZE, e.offset());

    byte[] c = Files.readAllBytes(f);
    long seriesOffset = refs.get(3) * 16;
    c[(int) seriesOffset + 3] ^= 0x40;
    Files.write(bad, c);
    try (IndexReader r = IndexReader.open(bad)) {
      CorruptFileException se =
          assertThrows(CorruptFileException.class, () -> r.series(refs.get(3), new IndexReader.SeriesEntry()));
      assertEquals(seriesOffset, se.offset());
    }
  }
}
