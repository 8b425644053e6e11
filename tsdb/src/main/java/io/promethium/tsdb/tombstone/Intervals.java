package io.promethium.tsdb.tombstone;

import java.util.Arrays;

/**
 * A sorted set of disjoint closed time intervals {@code [min, max]} in milliseconds: the deleted ranges of
 * one series. Adding merges overlapping and adjacent intervals (they are discrete), as Prometheus's
 * {@code tombstones.Intervals.Add}. Immutable; {@link #add} returns a new set.
 */
public final class Intervals {
  public static final Intervals EMPTY = new Intervals(new long[0]);

  /** min0, max0, min1, max1, ... sorted, disjoint, non-adjacent. */
  private final long[] bounds;

  private Intervals(long[] bounds) {
    this.bounds = bounds;
  }

  public static Intervals of(long min, long max) {
    return EMPTY.add(min, max);
  }

  public int size() {
    return bounds.length / 2;
  }

  public boolean isEmpty() {
    return bounds.length == 0;
  }

  public long min(int i) {
    return bounds[2 * i];
  }

  public long max(int i) {
    return bounds[2 * i + 1];
  }

  /** This set plus {@code [min, max]}, merged. */
  public Intervals add(long min, long max) {
    if (min > max) {
      return this;
    }
    long[] out = new long[bounds.length + 2];
    int n = 0;
    boolean placed = false;
    for (int i = 0; i < bounds.length; i += 2) {
      long a = bounds[i];
      long b = bounds[i + 1];
      // Disjoint and not adjacent to the new interval (careful with overflow at the extremes).
      boolean before = b < min && b + 1 < min;
      boolean after = a > max && a - 1 > max;
      if (before) {
        out[n++] = a;
        out[n++] = b;
      } else if (after) {
        if (!placed) {
          out[n++] = min;
          out[n++] = max;
          placed = true;
        }
        out[n++] = a;
        out[n++] = b;
      } else {
        min = Math.min(min, a);
        max = Math.max(max, b);
      }
    }
    if (!placed) {
      out[n++] = min;
      out[n++] = max;
    }
    return new Intervals(Arrays.copyOf(out, n));
  }

  /** This set plus all intervals of {@code other}. */
  public Intervals addAll(Intervals other) {
    Intervals r = this;
    for (int i = 0; i < other.size(); i++) {
      r = r.add(other.min(i), other.max(i));
    }
    return r;
  }

  /** Whether {@code t} lies in some interval. */
  public boolean contains(long t) {
    for (int i = 0; i < bounds.length; i += 2) {
      if (t < bounds[i]) {
        return false;
      }
      if (t <= bounds[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** Whether one interval covers all of {@code [min, max]}. */
  public boolean covers(long min, long max) {
    for (int i = 0; i < bounds.length; i += 2) {
      if (bounds[i] <= min && max <= bounds[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** Whether some interval overlaps {@code [min, max]}. */
  public boolean overlaps(long min, long max) {
    for (int i = 0; i < bounds.length; i += 2) {
      if (bounds[i] <= max && min <= bounds[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Index of the first interval whose max is {@code >= t}, or {@link #size()}: iterators walk intervals
   * forward with this instead of rescanning.
   */
  public int firstEndingAtOrAfter(long t) {
    int i = 0;
    while (i < size() && max(i) < t) {
      i++;
    }
    return i;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Intervals other && Arrays.equals(bounds, other.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < bounds.length; i += 2) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('[').append(bounds[i]).append(", ").append(bounds[i + 1]).append(']');
    }
    return sb.append(']').toString();
  }
}
