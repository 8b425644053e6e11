package io.promethium.core.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A classic Prometheus histogram: cumulative {@code _bucket{le}} counts, {@code _sum} and {@code _count}.
 * Thread-safe; an observation is a binary search and two atomic adds.
 */
public final class Histogram {
  private final double[] upperBounds;
  private final AtomicLongArray counts;
  private final DoubleAdder sum = new DoubleAdder();

  Histogram(double[] upperBounds) {
    this.upperBounds = upperBounds;
    this.counts = new AtomicLongArray(upperBounds.length + 1);
  }

  public void observe(double v) {
    int lo = 0;
    int hi = upperBounds.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (upperBounds[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    counts.incrementAndGet(lo);
    sum.add(v);
  }

  double[] upperBounds() {
    return upperBounds;
  }

  /** Non-cumulative count of bucket i (i == upperBounds.length is the +Inf bucket). */
  long bucketCount(int i) {
    return counts.get(i);
  }

  public long count() {
    long n = 0;
    for (int i = 0; i < counts.length(); i++) {
      n += counts.get(i);
    }
    return n;
  }

  public double sum() {
    return sum.sum();
  }
}
