package io.promethium.promql.functions;

/**
 * {@code rate}, {@code increase}, {@code delta} (Prometheus's {@code extrapolatedRate}) and {@code irate},
 * {@code idelta} (its {@code instantValue}), with Prometheus 2.48's arithmetic step for step so results
 * agree to the last bit. Stateless and thread-safe.
 */
public final class RateFunctions {
  private RateFunctions() {}

  public static final RangeFunction RATE = w -> extrapolatedRate(w, true, true);
  public static final RangeFunction INCREASE = w -> extrapolatedRate(w, true, false);
  public static final RangeFunction DELTA = w -> extrapolatedRate(w, false, false);
  public static final RangeFunction IRATE = w -> instantValue(w, true);
  public static final RangeFunction IDELTA = w -> instantValue(w, false);

  /**
   * The increase (or delta) over the window extrapolated towards the window bounds: all the way when the
   * first/last sample is within 1.1 average sample intervals of the bound, else by half an interval; for
   * counters never below the extrapolated zero point.
   */
  static double extrapolatedRate(SampleWindow w, boolean isCounter, boolean isRate) {
    int n = w.size();
    if (n < 2) {
      return RangeFunction.NO_VALUE;
    }
    long[] t = w.times;
    double[] v = w.values;
    int first = w.from;
    int last = w.to - 1;
    double result = v[last] - v[first];
    if (isCounter) {
      double prev = v[first];
      for (int i = first + 1; i <= last; i++) {
        double cur = v[i];
        if (cur < prev) {
          result += prev;
        }
        prev = cur;
      }
    }
    double durationToStart = (t[first] - w.rangeStart) / 1000.0;
    double durationToEnd = (w.rangeEnd - t[last]) / 1000.0;
    double sampledInterval = (t[last] - t[first]) / 1000.0;
    double averageDurationBetweenSamples = sampledInterval / (n - 1);

    if (isCounter && result > 0 && v[first] >= 0) {
      // A counter cannot go below zero: do not extrapolate past the point where it would reach zero.
      double durationToZero = sampledInterval * (v[first] / result);
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
    double extrapolateToInterval = sampledInterval;
    if (durationToStart < extrapolationThreshold) {
      extrapolateToInterval += durationToStart;
    } else {
      extrapolateToInterval += averageDurationBetweenSamples / 2;
    }
    if (durationToEnd < extrapolationThreshold) {
      extrapolateToInterval += durationToEnd;
    } else {
      extrapolateToInterval += averageDurationBetweenSamples / 2;
    }
    double factor = extrapolateToInterval / sampledInterval;
    if (isRate) {
      factor /= w.range / 1000.0;
    }
    return result * factor;
  }

  /** The difference of the last two samples (a reset counts from zero for irate), per second for irate. */
  static double instantValue(SampleWindow w, boolean isRate) {
    if (w.size() < 2) {
      return RangeFunction.NO_VALUE;
    }
    int last = w.to - 1;
    double lastV = w.values[last];
    double prevV = w.values[last - 1];
    double result = isRate && lastV < prevV ? lastV : lastV - prevV;
    long sampledInterval = w.times[last] - w.times[last - 1];
    if (sampledInterval == 0) {
      return RangeFunction.NO_VALUE;
    }
    if (isRate) {
      result /= sampledInterval / 1000.0;
    }
    return result;
  }
}
