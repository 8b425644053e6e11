package io.promethium.promql.functions;

/**
 * Prometheus's {@code bucketQuantile} for classic histograms: buckets sorted by upper bound, equal bounds
 * coalesced, counts forced monotonic, then linear interpolation inside the bucket holding the rank. NaN
 * without a +Inf bucket, with fewer than two buckets or zero observations. Not thread-safe: reuse one per
 * evaluation; add buckets, call {@link #quantile(double)}, then {@link #clear()}.
 */
public final class BucketQuantile {
  private double[] bounds = new double[16];
  private double[] counts = new double[16];
  private int n;

  public void clear() {
    n = 0;
  }

  public int size() {
    return n;
  }

  public void add(double upperBound, double count) {
    if (n == bounds.length) {
      bounds = java.util.Arrays.copyOf(bounds, n * 2);
      counts = java.util.Arrays.copyOf(counts, n * 2);
    }
    bounds[n] = upperBound;
    counts[n] = count;
    n++;
  }

  public double quantile(double q) {
    if (Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    sortByBound();
    if (bounds[n - 1] != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    int m = coalesce();
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < m; i++) {
      if (counts[i] > max) {
        max = counts[i];
      } else if (counts[i] < max) {
        counts[i] = max;
      }
    }
    if (m < 2) {
      return Double.NaN;
    }
    double observations = counts[m - 1];
    if (observations == 0) {
      return Double.NaN;
    }
    double rank = q * observations;
    // First bucket (among all but the last) whose cumulative count reaches the rank.
    int lo = 0;
    int hi = m - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (counts[mid] >= rank) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    int b = lo;
    if (b == m - 1) {
      return bounds[m - 2];
    }
    if (b == 0 && bounds[0] <= 0) {
      return bounds[0];
    }
    double bucketStart = 0;
    double bucketEnd = bounds[b];
    double count = counts[b];
    if (b > 0) {
      bucketStart = bounds[b - 1];
      count -= counts[b - 1];
      rank -= counts[b - 1];
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count);
  }

  /** Insertion sort (bucket lists are short and usually already sorted). */
  private void sortByBound() {
    for (int i = 1; i < n; i++) {
      double b = bounds[i];
      double c = counts[i];
      int j = i - 1;
      while (j >= 0 && bounds[j] > b) {
        bounds[j + 1] = bounds[j];
        counts[j + 1] = counts[j];
        j--;
      }
      bounds[j + 1] = b;
      counts[j + 1] = c;
    }
  }

  private int coalesce() {
    int i = 0;
    double lastB = bounds[0];
    double lastC = counts[0];
    for (int k = 1; k < n; k++) {
      if (bounds[k] == lastB) {
        lastC += counts[k];
      } else {
        bounds[i] = lastB;
        counts[i] = lastC;
        i++;
        lastB = bounds[k];
        lastC = counts[k];
      }
    }
    bounds[i] = lastB;
    counts[i] = lastC;
    return i + 1;
  }
}
