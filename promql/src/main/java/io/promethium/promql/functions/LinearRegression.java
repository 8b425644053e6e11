package io.promethium.promql.functions;

/**
 * Least-squares fit over a window, as Prometheus's {@code linearRegression}: sums are Kahan-compensated
 * and x is seconds relative to an intercept time; a constant series has slope 0 (NaN if the constant is
 * infinite). Backs {@code deriv} and {@code predict_linear}. Not thread-safe (scratch accumulators).
 */
public final class LinearRegression {
  private final KahanSum sumX = new KahanSum();
  private final KahanSum sumY = new KahanSum();
  private final KahanSum sumXY = new KahanSum();
  private final KahanSum sumX2 = new KahanSum();
  private double slope;
  private double intercept;

  /** Fits the window with x measured from {@code interceptTime}; read {@link #slope()}/{@link #intercept()}. */
  public void fit(SampleWindow w, long interceptTime) {
    double[] v = w.values;
    long[] t = w.times;
    double initY = v[w.from];
    boolean constY = true;
    double n = 0;
    sumX.reset();
    sumY.reset();
    sumXY.reset();
    sumX2.reset();
    for (int i = w.from; i < w.to; i++) {
      double y = v[i];
      if (constY && i > w.from && y != initY) {
        constY = false;
      }
      n += 1.0;
      double x = (t[i] - interceptTime) / 1e3;
      sumX.add(x);
      sumY.add(y);
      sumXY.add(x * y);
      sumX2.add(x * x);
    }
    if (constY) {
      if (Double.isInfinite(initY)) {
        slope = Double.NaN;
        intercept = Double.NaN;
      } else {
        slope = 0;
        intercept = initY;
      }
      return;
    }
    // Prometheus adds the compensation unconditionally here (no Inf special case).
    double sx = sumX.rawSum() + sumX.compensation();
    double sy = sumY.rawSum() + sumY.compensation();
    double sxy = sumXY.rawSum() + sumXY.compensation();
    double sx2 = sumX2.rawSum() + sumX2.compensation();
    double covXY = sxy - sx * sy / n;
    double varX = sx2 - sx * sx / n;
    slope = covXY / varX;
    intercept = sy / n - slope * sx / n;
  }

  public double slope() {
    return slope;
  }

  public double intercept() {
    return intercept;
  }

  /** {@code deriv(v[r])}: the slope per second, x relative to the first sample. */
  public static RangeFunction deriv() {
    LinearRegression lr = new LinearRegression();
    return w -> {
      if (w.size() < 2) {
        return RangeFunction.NO_VALUE;
      }
      lr.fit(w, w.times[w.from]);
      return lr.slope;
    };
  }

  /** {@code predict_linear(v[r], t)}: the fitted value {@code param0} seconds after the evaluation time. */
  public static RangeFunction predictLinear() {
    LinearRegression lr = new LinearRegression();
    return w -> {
      if (w.size() < 2) {
        return RangeFunction.NO_VALUE;
      }
      lr.fit(w, w.evalTime);
      return lr.intercept + lr.slope * w.param0;
    };
  }
}
