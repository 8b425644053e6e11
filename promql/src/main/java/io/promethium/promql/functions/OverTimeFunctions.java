package io.promethium.promql.functions;

/**
 * The {@code *_over_time} family plus {@code changes} and {@code resets}, matching Prometheus 2.48 (Kahan
 * summation for sums and means, incremental mean with infinity handling, Welford-style variance with
 * compensation). Instances hold scratch buffers: take one per evaluation, not thread-safe.
 */
public final class OverTimeFunctions {
  private final KahanSum k1 = new KahanSum();
  private final KahanSum k2 = new KahanSum();
  private double[] scratch = new double[64];

  public final RangeFunction avg = this::avg;
  public final RangeFunction sum = this::sum;
  public final RangeFunction stddev = w -> Math.sqrt(variance(w));
  public final RangeFunction stdvar = this::variance;
  public final RangeFunction quantile = this::quantile;
  public final RangeFunction mad = this::mad;

  public static final RangeFunction COUNT = w -> w.size() == 0 ? RangeFunction.NO_VALUE : w.size();
  public static final RangeFunction PRESENT = w -> w.size() == 0 ? RangeFunction.NO_VALUE : 1;
  public static final RangeFunction LAST = w -> w.size() == 0 ? RangeFunction.NO_VALUE : w.values[w.to - 1];
  public static final RangeFunction MAX = OverTimeFunctions::max;
  public static final RangeFunction MIN = OverTimeFunctions::min;
  public static final RangeFunction CHANGES = OverTimeFunctions::changes;
  public static final RangeFunction RESETS = OverTimeFunctions::resets;

  private double avg(SampleWindow w) {
    if (w.size() == 0) {
      return RangeFunction.NO_VALUE;
    }
    double[] v = w.values;
    double count = 0;
    k1.reset();
    for (int i = w.from; i < w.to; i++) {
      double f = v[i];
      count++;
      double mean = k1.rawSum();
      if (Double.isInfinite(mean)) {
        if (Double.isInfinite(f) && (mean > 0) == (f > 0)) {
          continue; // same-sign infinities: the mean is already right and cannot be subtracted
        }
        if (!Double.isInfinite(f) && !Double.isNaN(f)) {
          continue; // a finite value cannot move an infinite mean; Inf - Inf below would give NaN
        }
      }
      k1.add(f / count - mean / count);
    }
    return k1.value();
  }

  private double sum(SampleWindow w) {
    if (w.size() == 0) {
      return RangeFunction.NO_VALUE;
    }
    k1.reset();
    for (int i = w.from; i < w.to; i++) {
      k1.add(w.values[i]);
    }
    return k1.value();
  }

  private double variance(SampleWindow w) {
    if (w.size() == 0) {
      return RangeFunction.NO_VALUE;
    }
    double count = 0;
    k1.reset(); // mean
    k2.reset(); // aux
    for (int i = w.from; i < w.to; i++) {
      double f = w.values[i];
      count++;
      double delta = f - (k1.rawSum() + k1.compensation());
      k1.add(delta / count);
      k2.add(delta * (f - (k1.rawSum() + k1.compensation())));
    }
    return (k2.rawSum() + k2.compensation()) / count;
  }

  private double quantile(SampleWindow w) {
    int n = w.size();
    if (n == 0) {
      return RangeFunction.NO_VALUE;
    }
    double[] buf = copyToScratch(w);
    return Quantile.of(w.param0, buf, n);
  }

  private double mad(SampleWindow w) {
    int n = w.size();
    if (n == 0) {
      return RangeFunction.NO_VALUE;
    }
    double[] buf = copyToScratch(w);
    double median = Quantile.of(0.5, buf, n);
    for (int i = 0; i < n; i++) {
      buf[i] = Math.abs(buf[i] - median);
    }
    return Quantile.of(0.5, buf, n);
  }

  private double[] copyToScratch(SampleWindow w) {
    int n = w.size();
    if (scratch.length < n) {
      scratch = new double[Math.max(n, scratch.length * 2)];
    }
    System.arraycopy(w.values, w.from, scratch, 0, n);
    return scratch;
  }

  private static double max(SampleWindow w) {
    if (w.size() == 0) {
      return RangeFunction.NO_VALUE;
    }
    double m = w.values[w.from];
    for (int i = w.from; i < w.to; i++) {
      double f = w.values[i];
      if (f > m || Double.isNaN(m)) {
        m = f;
      }
    }
    return m;
  }

  private static double min(SampleWindow w) {
    if (w.size() == 0) {
      return RangeFunction.NO_VALUE;
    }
    double m = w.values[w.from];
    for (int i = w.from; i < w.to; i++) {
      double f = w.values[i];
      if (f < m || Double.isNaN(m)) {
        m = f;
      }
    }
    return m;
  }

  private static double changes(SampleWindow w) {
    if (w.size() == 0) {
      return RangeFunction.NO_VALUE;
    }
    int changes = 0;
    double prev = w.values[w.from];
    for (int i = w.from + 1; i < w.to; i++) {
      double cur = w.values[i];
      if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
        changes++;
      }
      prev = cur;
    }
    return changes;
  }

  private static double resets(SampleWindow w) {
    if (w.size() == 0) {
      return RangeFunction.NO_VALUE;
    }
    int resets = 0;
    double prev = w.values[w.from];
    for (int i = w.from + 1; i < w.to; i++) {
      double cur = w.values[i];
      if (cur < prev) {
        resets++;
      }
      prev = cur;
    }
    return resets;
  }
}
