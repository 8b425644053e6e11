package io.promethium.promql.functions;

/**
 * A function of a range vector, evaluated once per series and step over a {@link SampleWindow}.
 * Implementations are stateless (or keep only scratch state confined to one evaluation) and must not
 * allocate per call on the common path.
 */
@FunctionalInterface
public interface RangeFunction {
  /**
   * The result for one window, or {@link #NO_VALUE} when the function yields no sample (for example
   * {@code rate} over fewer than two samples).
   *
   * @throws FunctionException when the parameters are invalid (e.g. holt_winters factors)
   */
  double apply(SampleWindow w);

  /**
   * Marker for "no output sample". A NaN with a payload that arithmetic on real samples does not produce;
   * compare with {@link #isNoValue(double)}, never with {@code ==}.
   */
  double NO_VALUE = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);

  static boolean isNoValue(double v) {
    return Double.doubleToRawLongBits(v) == 0x7ff8_0000_dead_beefL;
  }
}
