package io.promethium.promql.functions;

import java.util.Locale;

/**
 * {@code holt_winters(v[r], sf, tf)}: double exponential smoothing with smoothing factor {@code param0} and
 * trend factor {@code param1}, both required in (0, 1). Stateless and thread-safe.
 */
public final class HoltWinters implements RangeFunction {
  public static final HoltWinters INSTANCE = new HoltWinters();

  private HoltWinters() {}

  @Override
  public double apply(SampleWindow w) {
    double sf = w.param0;
    double tf = w.param1;
    if (sf <= 0 || sf >= 1 || Double.isNaN(sf)) {
      throw new FunctionException(
          String.format(Locale.ROOT, "invalid smoothing factor. Expected: 0 < sf < 1, got: %f", sf));
    }
    if (tf <= 0 || tf >= 1 || Double.isNaN(tf)) {
      throw new FunctionException(
          String.format(Locale.ROOT, "invalid trend factor. Expected: 0 < tf < 1, got: %f", tf));
    }
    int l = w.size();
    if (l < 2) {
      return NO_VALUE;
    }
    double[] v = w.values;
    int base = w.from;
    double s0 = 0;
    double s1 = v[base];
    double b = v[base + 1] - v[base];
    for (int i = 1; i < l; i++) {
      double x = sf * v[base + i];
      // The trend of the first step is the initial slope; later steps blend in the smoothed change.
      if (i > 1) {
        b = tf * (s1 - s0) + (1 - tf) * b;
      }
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    return s1;
  }
}
