package io.promethium.promql.functions;

import java.util.Arrays;

/**
 * Prometheus's {@code quantile}: the φ-quantile of a set of values by linear interpolation between the
 * two nearest ranks; NaN for an empty set or NaN φ, -Inf for φ &lt; 0, +Inf for φ &gt; 1. NaN values sort
 * before all numbers (as Prometheus's heap order). Stateless and thread-safe.
 */
public final class Quantile {
  private Quantile() {}

  /** The quantile of {@code values[0..n)}; the slice is sorted in place. */
  public static double of(double q, double[] values, int n) {
    if (n == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    sortNaNFirst(values, n);
    double rank = q * (n - 1);
    double lowerIndex = Math.max(0, Math.floor(rank));
    double upperIndex = Math.min(n - 1, lowerIndex + 1);
    double weight = rank - Math.floor(rank);
    return values[(int) lowerIndex] * (1 - weight) + values[(int) upperIndex] * weight;
  }

  /** Sorts ascending with every NaN first. */
  static void sortNaNFirst(double[] values, int n) {
    // Arrays.sort puts NaN last; rotate them to the front.
    Arrays.sort(values, 0, n);
    int nans = 0;
    for (int i = n - 1; i >= 0 && Double.isNaN(values[i]); i--) {
      nans++;
    }
    if (nans > 0 && nans < n) {
      System.arraycopy(values, 0, values, nans, n - nans);
      Arrays.fill(values, 0, nans, Double.NaN);
    }
  }
}
