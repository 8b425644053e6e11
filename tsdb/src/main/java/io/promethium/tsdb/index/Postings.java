package io.promethium.tsdb.index;

import java.util.Arrays;
import java.util.List;

/**
 * A cursor over a strictly increasing list of series references, with the set operations the index
 * needs for label matchers. References are primitive {@code long}s: no boxing anywhere.
 *
 * <p>Usage: {@code while (p.next()) use(p.at());}. {@link #seek} advances to the first reference
 * {@code >= v} (staying put if the current one qualifies). Not thread-safe.
 */
public interface Postings {
  /** Advances to the next reference; false at the end. */
  boolean next();

  /** Advances to the first reference {@code >= v}; false if there is none. */
  boolean seek(long v);

  /** The current reference; valid after {@code next} or {@code seek} returned true. */
  long at();

  /** A list with no references. */
  Postings EMPTY = new Postings() {
    @Override
    public boolean next() {
      return false;
    }

    @Override
    public boolean seek(long v) {
      return false;
    }

    @Override
    public long at() {
      throw new IllegalStateException("empty postings");
    }
  };

  /** Postings over a sorted array (not copied). */
  static Postings of(long... sortedRefs) {
    return new ArrayPostings(sortedRefs, sortedRefs.length);
  }

  /** References present in every input. */
  static Postings intersect(List<Postings> its) {
    if (its.isEmpty()) {
      return EMPTY;
    }
    if (its.size() == 1) {
      return its.get(0);
    }
    for (Postings p : its) {
      if (p == EMPTY) {
        return EMPTY;
      }
    }
    return new IntersectPostings(its.toArray(new Postings[0]));
  }

  /** References present in any input, each once (k-way merge). */
  static Postings merge(List<Postings> its) {
    List<Postings> nonEmpty = its.stream().filter(p -> p != EMPTY).toList();
    if (nonEmpty.isEmpty()) {
      return EMPTY;
    }
    if (nonEmpty.size() == 1) {
      return nonEmpty.get(0);
    }
    return new MergePostings(nonEmpty.toArray(new Postings[0]));
  }

  /** References of {@code full} that are not in {@code drop}. */
  static Postings without(Postings full, Postings drop) {
    if (full == EMPTY || drop == EMPTY) {
      return full;
    }
    return new WithoutPostings(full, drop);
  }

  /** Drains into a new array (for tests and small lists). */
  static long[] toArray(Postings p) {
    long[] out = new long[16];
    int n = 0;
    while (p.next()) {
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = p.at();
    }
    return Arrays.copyOf(out, n);
  }
}
