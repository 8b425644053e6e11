package io.promethium.scrape.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class SeriesCacheTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int find(SeriesCache c, String s) {
    byte[] pad = b("xx" + s + "yy");
    return c.find(pad, 2, pad.length - 2);
  }

  @Test
  void findsByByteRangeAndGrows() {
    SeriesCache c = new SeriesCache();
    Map<String, Long> want = new HashMap<>();
    for (int i = 0; i < 5000; i++) {
      String k = "metric_" + i + "{a=\"" + (i * 7) + "\"}";
      byte[] kb = b(k);
      assertEquals(-1, c.find(kb, 0, kb.length));
      c.add(kb, 0, kb.length, i + 1, Labels.of("__name__", "m" + i));
      want.put(k, (long) i + 1);
    }
    assertEquals(5000, c.size());
    want.forEach((k, ref) -> {
      int slot = find(c, k);
      assertTrue(slot >= 0, k);
      assertEquals(ref, c.ref(slot));
    });
    assertEquals(-1, find(c, "metric_1{a=\"8\"}"));
  }

  @Test
  void duplicatesWithinOneScrapeAreDetected() {
    SeriesCache c = new SeriesCache();
    byte[] k = b("a");
    int slot = c.add(k, 0, 1, 9, Labels.of("__name__", "a"));
    assertTrue(c.touch(slot), "added in this iteration, so a second sighting is a duplicate");
    c.iterDone(true);
    assertFalse(c.touch(slot));
    assertTrue(c.touch(slot));
  }

  @Test
  void staleSeriesAreThoseTrackedInThePreviousIterationOnly() {
    SeriesCache c = new SeriesCache();
    int a = c.add(b("a"), 0, 1, 1, Labels.of("__name__", "a"));
    int bb = c.add(b("b"), 0, 1, 2, Labels.of("__name__", "b"));
    int ts = c.add(b("t"), 0, 1, 3, Labels.of("__name__", "t"));
    c.track(a);
    c.track(bb);
    // "t" had an explicit timestamp: never tracked, never stale.
    c.iterDone(true);

    c.touch(find(c, "a"));
    c.track(find(c, "a"));
    List<Long> stale = new ArrayList<>();
    c.forEachStale((ref, l) -> stale.add(ref));
    assertEquals(List.of(2L), stale);
    c.iterDone(true);
    assertEquals(-1, find(c, "b"), "flushed: unseen in a successful scrape");
    assertEquals(-1, find(c, "t"));

    stale.clear();
    c.forEachStale((ref, l) -> stale.add(ref));
    assertEquals(List.of(1L), stale, "a was tracked last iteration and not this one");
    assertTrue(ts >= 0);
  }

  @Test
  void failedScrapesKeepEntriesUntilTheCacheDoubles() {
    SeriesCache c = new SeriesCache();
    c.add(b("keep"), 0, 4, 1, Labels.of("__name__", "keep"));
    c.iterDone(true);
    for (int i = 0; i < 500; i++) {
      byte[] k = b("churn" + i);
      c.add(k, 0, k.length, 100 + i, Labels.of("__name__", "x"));
    }
    c.iterDone(false);
    assertEquals(501, c.size(), "a failed scrape does not flush");
    for (int i = 0; i < 1000; i++) {
      byte[] k = b("more" + i);
      c.add(k, 0, k.length, 10_000 + i, Labels.of("__name__", "y"));
    }
    c.iterDone(false);
    assertEquals(1, c.forcedFlushes());
    assertEquals(1000, c.size(), "only the entries of the last iteration survive a forced flush");
  }

  @Test
  void droppedKeysAreRemembered() {
    SeriesCache c = new SeriesCache();
    int slot = c.addDropped(b("drop"), 0, 4);
    assertTrue(c.isDropped(slot));
    int s2 = find(c, "drop");
    assertEquals(slot, s2);
    assertSame(null, c.labels(s2));
  }

  /**
   * One successful scrape of {@code body} checked against {@code model} (key to ref, what the cache should
   * hold): a cached key is found with its ref, any other is not found and is added with {@code newRef}.
   * Afterwards the model holds the keys of this body only, as the cache should.
   */
  private static void scrapeAgainstModel(SeriesCache c, Map<String, Long> model, List<String> body,
      LongSupplier newRef, long seed) {
    Map<String, Long> seen = new HashMap<>();
    for (String k : body) {
      int slot = find(c, k);
      if (model.containsKey(k)) {
        assertTrue(slot >= 0, "seed " + seed + " lost " + k);
        assertEquals(model.get(k), c.ref(slot), "seed " + seed + " " + k);
        c.touch(slot);
      } else {
        assertEquals(-1, slot, "seed " + seed + " found " + k + " never added");
        long ref = newRef.getAsLong();
        byte[] kb = b(k);
        c.add(kb, 0, kb.length, ref, Labels.EMPTY);
        model.put(k, ref);
      }
      seen.put(k, model.get(k));
    }
    c.iterDone(true);
    model.keySet().retainAll(seen.keySet());
    assertEquals(model.size(), c.size(), "seed " + seed);
  }

  @Test
  void randomisedAgainstAHashMap() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    SeriesCache c = new SeriesCache();
    Map<String, Long> model = new HashMap<>();
    for (int iter = 0; iter < 50; iter++) {
      List<String> body = new ArrayList<>();
      int n = 50 + r.nextInt(300);
      for (int i = 0; i < n; i++) {
        body.add("s" + r.nextInt(600) + "{x=\"" + r.nextInt(3) + "\"}");
      }
      scrapeAgainstModel(c, model, body, () -> 1 + r.nextInt(1_000_000), seed);
    }
  }

  /** One scrape: finds or adds every key, tracks it, returns the refs reported stale. */
  private static List<Long> scrape(SeriesCache c, List<String> body, Map<String, Long> refs) {
    for (String k : body) {
      int slot = find(c, k);
      if (slot < 0) {
        byte[] kb = b(k);
        slot = c.add(kb, 0, kb.length, refs.computeIfAbsent(k, x -> (long) refs.size() + 1), Labels.EMPTY);
      } else {
        assertEquals(refs.get(k), c.ref(slot), k);
        assertFalse(c.touch(slot), k);
      }
      c.track(slot);
    }
    List<Long> stale = new ArrayList<>();
    c.forEachStale((ref, l) -> stale.add(ref));
    c.iterDone(true);
    return stale;
  }

  @Test
  void bodiesInAnyOrderAreFoundWhetherThePredictionHitsOrNot() {
    Map<String, Long> refs = new HashMap<>();
    SeriesCache c = new SeriesCache();
    List<String> body = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      body.add("m{i=\"" + i + "\"}");
    }
    assertEquals(List.of(), scrape(c, body, refs));
    // Same order (every prediction hits), reversed (every one misses), a series inserted in the middle.
    assertEquals(List.of(), scrape(c, body, refs));
    List<String> reversed = new ArrayList<>(body);
    Collections.reverse(reversed);
    assertEquals(List.of(), scrape(c, reversed, refs));
    List<String> grown = new ArrayList<>(body);
    grown.add(100, "m{i=\"new\"}");
    assertEquals(List.of(), scrape(c, grown, refs));
    assertEquals(201, c.size());
    assertEquals(List.of(), scrape(c, grown, refs));
  }

  @Test
  void aSeriesReplacedByANewOneIsStaleThoughTheCountIsUnchanged() {
    Map<String, Long> refs = new HashMap<>();
    SeriesCache c = new SeriesCache();
    assertEquals(List.of(), scrape(c, List.of("a", "b", "c"), refs));
    assertEquals(List.of(2L), scrape(c, List.of("a", "d", "c"), refs), "b vanished, d is new");
    assertEquals(List.of(), scrape(c, List.of("a", "d", "c"), refs));
    assertEquals(3, c.size());
    assertEquals(-1, find(c, "b"), "flushed");
  }

  @Test
  void randomisedStalenessAgainstASetModel() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    SeriesCache c = new SeriesCache();
    Map<String, Long> refs = new HashMap<>();
    List<String> prev = List.of();
    for (int iter = 0; iter < 60; iter++) {
      Set<String> body = new LinkedHashSet<>();
      for (int i = 0; i < 40; i++) {
        // Mostly the same series in the same order, some vanishing and some new.
        if (r.nextInt(10) > 0) {
          body.add("s" + i);
        }
        if (r.nextInt(20) == 0) {
          body.add("n" + r.nextInt(30));
        }
      }
      List<String> unique = new ArrayList<>(body);
      List<Long> want = new ArrayList<>();
      for (String k : prev) {
        if (!body.contains(k)) {
          want.add(refs.get(k));
        }
      }
      List<Long> got = scrape(c, unique, refs);
      Collections.sort(want);
      Collections.sort(got);
      assertEquals(want, got, "seed " + seed + " iteration " + iter);
      assertEquals(unique.size(), c.size(), "seed " + seed);
      prev = unique;
    }
  }

  private static String predictedKey(SeriesCache c) {
    int e = c.predicted();
    return e < 0 ? null : new String(c.predictedKey(), 0, c.predictedKeyLength(),
        StandardCharsets.UTF_8);
  }

  @Test
  void predictsTheEntryAfterTheLastFound() {
    SeriesCache c = new SeriesCache();
    for (String k : List.of("a", "b{x=\"1\"}", "c")) {
      byte[] kb = b(k);
      c.add(kb, 0, kb.length, 7, Labels.of("__name__", "a"));
    }
    assertEquals(null, predictedKey(c));
    c.iterDone(true);
    assertEquals("a", predictedKey(c));
    assertEquals(0, c.acceptPredicted());
    assertEquals("b{x=\"1\"}", predictedKey(c));
    assertEquals(2, find(c, "c"));
    assertEquals(null, predictedKey(c));
    assertEquals(0, find(c, "a"));
    assertEquals("b{x=\"1\"}", predictedKey(c));
  }

  @Test
  void noPredictionOnceAKeyHeldANewline() {
    SeriesCache c = new SeriesCache();
    byte[] a = b("a");
    byte[] nl = b("b{x=\"1\n2\"}");
    c.add(a, 0, a.length, 1, Labels.of("__name__", "a"));
    c.iterDone(true);
    assertEquals("a", predictedKey(c));
    c.touch(c.acceptPredicted());
    c.add(nl, 0, nl.length, 2, Labels.of("__name__", "b"));
    c.iterDone(true);
    assertEquals(-1, c.predicted());
    assertEquals(0, find(c, "a"));
  }

  @Test
  void noPredictionAfterStopHints() {
    SeriesCache c = new SeriesCache();
    byte[] a = b("a");
    c.add(a, 0, a.length, 1, Labels.of("__name__", "a"));
    c.iterDone(true);
    assertEquals(0, c.predicted());
    c.stopHints();
    assertEquals(-1, c.predicted());
    assertEquals(0, find(c, "a"), "lookups still work");
  }

  /** Unique keys that share long prefixes (over the 255 bytes one entry records) or are prefixes of others. */
  private static String frontCodingKey(int i) {
    String longPrefix = "p".repeat(300);
    return switch (i % 4) {
      case 0 -> longPrefix + i;
      case 1 -> longPrefix + i + "{a=\"" + "v".repeat(i % 7) + "\"}";
      case 2 -> "m" + i;
      default -> "m" + i + "x";
    };
  }

  @Test
  void frontCodedKeysSurviveLongSharedPrefixesChurnAndCompaction() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    SeriesCache c = new SeriesCache();
    Map<String, Long> cached = new HashMap<>();
    AtomicLong nextRef = new AtomicLong();
    for (int iter = 0; iter < 40; iter++) {
      List<String> body = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        if (r.nextInt(4) != 0) {
          body.add(frontCodingKey(i));
        }
      }
      if (r.nextBoolean()) {
        Collections.shuffle(body, r);
      }
      scrapeAgainstModel(c, cached, body, nextRef::incrementAndGet, seed);
      // A key never seen is not found, whatever prefix it shares with cached ones.
      assertEquals(-1, find(c, "p".repeat(300)), "seed " + seed);
      assertEquals(-1, find(c, "m"), "seed " + seed);
    }
  }

  @Test
  void predictionsWalkFrontCodedKeysInOrder() {
    SeriesCache c = new SeriesCache();
    List<String> body = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      body.add(frontCodingKey(i));
    }
    for (String k : body) {
      byte[] kb = b(k);
      c.add(kb, 0, kb.length, body.indexOf(k) + 1, Labels.EMPTY);
    }
    c.iterDone(true);
    for (int round = 0; round < 2; round++) {
      for (String k : body) {
        assertEquals(k, predictedKey(c));
        c.touch(c.acceptPredicted());
      }
      assertEquals(null, predictedKey(c));
      c.iterDone(true);
    }
    // Found out of order, the prediction follows the entry found (its key rebuilt from a restart entry).
    assertEquals(56, find(c, body.get(55)) + 1);
    assertEquals(body.get(56), predictedKey(c));
    assertEquals(3, find(c, body.get(3)));
    assertEquals(body.get(4), predictedKey(c));
  }

  /** Whichever kept key is asked for first after a compaction, it is found (the rebuilt key is not stale). */
  @Test
  void anyKeyIsFoundFirstAfterACompaction() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      keys.add(frontCodingKey(i));
    }
    List<String> kept = new ArrayList<>(keys);
    kept.removeIf(k -> keys.indexOf(k) % 5 == 1);
    for (String first : kept) {
      SeriesCache c = new SeriesCache();
      for (String k : keys) {
        byte[] kb = b(k);
        c.add(kb, 0, kb.length, keys.indexOf(k) + 1, Labels.EMPTY);
      }
      c.iterDone(true);
      for (String k : kept) {
        c.touch(find(c, k));
      }
      c.iterDone(true);
      assertEquals(kept.size(), c.size());
      int slot = find(c, first);
      assertEquals(kept.indexOf(first), slot, first);
      assertEquals(keys.indexOf(first) + 1, c.ref(slot));
    }
  }

  @Test
  void neighbouringSeriesTextIsStoredOnce() {
    SeriesCache c = new SeriesCache();
    int whole = 0;
    for (int i = 0; i < 2000; i++) {
      byte[] k = b("harness_family" + (i / 100) + "_total{series=\"" + i + "\",shard=\"3\"}");
      whole += k.length;
      c.add(k, 0, k.length, i + 1, Labels.EMPTY);
    }
    assertTrue(c.keyBytes() < whole * 0.4, c.keyBytes() + " bytes for " + whole + " bytes of keys");
  }
}
