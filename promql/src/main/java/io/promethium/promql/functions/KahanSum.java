package io.promethium.promql.functions;

/**
 * Neumaier's variant of Kahan summation, as Prometheus 2.48 uses for {@code sum_over_time},
 * {@code avg_over_time}, the {@code stddev}/{@code stdvar} over time and linear regression. A mutable
 * accumulator meant to be reused (call {@link #reset()}); not thread-safe.
 */
public final class KahanSum {
  private double sum;
  private double c;

  public KahanSum reset() {
    sum = 0;
    c = 0;
    return this;
  }

  public void add(double inc) {
    double t = sum + inc;
    // Neumaier: the compensation takes the low-order bits of whichever operand is smaller in magnitude.
    if (Math.abs(sum) >= Math.abs(inc)) {
      c += (sum - t) + inc;
    } else {
      c += (inc - t) + sum;
    }
    sum = t;
  }

  /** The uncompensated running sum. */
  public double rawSum() {
    return sum;
  }

  /** The compensation term. */
  public double compensation() {
    return c;
  }

  /** The compensated sum; an infinite running sum is returned as is (the compensation would be NaN). */
  public double value() {
    return Double.isInfinite(sum) ? sum : sum + c;
  }
}
