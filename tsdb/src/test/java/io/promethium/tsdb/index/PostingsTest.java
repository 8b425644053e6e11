package io.promethium.tsdb.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PostingsTest {
  static LongStream seeds() {
    return LongStream.range(1, 31);
  }

  private static long[] randomSet(Random r, int max) {
    TreeSet<Long> s = new TreeSet<>();
    int n = r.nextInt(max);
    int range = 1 + r.nextInt(500);
    for (int i = 0; i < n; i++) {
      s.add((long) r.nextInt(range));
    }
    return s.stream().mapToLong(Long::longValue).toArray();
  }

  private static TreeSet<Long> set(long[] a) {
    TreeSet<Long> s = new TreeSet<>();
    for (long v : a) {
      s.add(v);
    }
    return s;
  }

  private static long[] arr(TreeSet<Long> s) {
    return s.stream().mapToLong(Long::longValue).toArray();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void setOperationsMatchTreeSet(long seed) {
    Random r = new Random(seed);
    int k = 1 + r.nextInt(5);
    List<long[]> inputs = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      inputs.add(randomSet(r, 200));
    }
    TreeSet<Long> union = new TreeSet<>();
    TreeSet<Long> inter = set(inputs.get(0));
    for (long[] in : inputs) {
      union.addAll(set(in));
      inter.retainAll(set(in));
    }
    assertArrayEquals(arr(union), Postings.toArray(Postings.merge(wrap(inputs))), "merge, seed " + seed);
    assertArrayEquals(arr(inter), Postings.toArray(Postings.intersect(wrap(inputs))), "intersect, seed " + seed);
    TreeSet<Long> diff = set(inputs.get(0));
    if (k > 1) {
      diff.removeAll(set(inputs.get(1)));
      assertArrayEquals(
          arr(diff),
          Postings.toArray(Postings.without(Postings.of(inputs.get(0)), Postings.of(inputs.get(1)))),
          "without, seed " + seed);
    }
    // seek on every operator agrees with ceiling() on the expected set.
    long target = r.nextInt(500);
    Postings m = Postings.merge(wrap(inputs));
    Long want = union.ceiling(target);
    assertEquals(want != null, m.seek(target), "seek merge, seed " + seed);
    if (want != null) {
      assertEquals(want.longValue(), m.at());
    }
    Postings i = Postings.intersect(wrap(inputs));
    want = inter.ceiling(target);
    assertEquals(want != null, i.seek(target), "seek intersect, seed " + seed);
    if (want != null) {
      assertEquals(want.longValue(), i.at());
      if (i.next()) {
        assertEquals(inter.higher(want).longValue(), i.at());
      } else {
        assertEquals(null, inter.higher(want));
      }
    }
  }

  private static List<Postings> wrap(List<long[]> in) {
    List<Postings> out = new ArrayList<>();
    for (long[] a : in) {
      out.add(Postings.of(a));
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void arraySeekGallops(long seed) {
    Random r = new Random(seed);
    long[] a = randomSet(r, 1000);
    TreeSet<Long> s = set(a);
    Postings p = Postings.of(a);
    long t = -1;
    while (true) {
      t += 1 + r.nextInt(40);
      Long want = s.ceiling(t);
      boolean ok = p.seek(t);
      assertEquals(want != null, ok, "seed " + seed + " seek " + t);
      if (!ok) {
        assertFalse(p.seek(t + 1));
        return;
      }
      assertEquals(want.longValue(), p.at());
      assertTrue(p.seek(t - 5)); // backwards seek stays put
      assertEquals(want.longValue(), p.at());
      t = want;
    }
  }
}
