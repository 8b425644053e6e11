package io.promethium.promql.engine;

import java.math.BigDecimal;

/**
 * Go's float formatting where Prometheus puts numbers into labels or error messages:
 * {@code strconv.FormatFloat(v, 'f', -1, 64)} (count_values, le) and {@code %v} / {@code 'g'}. Stateless.
 */
final class GoFormat {
  private GoFormat() {}

  /** Shortest decimal that round-trips, never in exponent form; {@code +Inf}, {@code -Inf}, {@code NaN}. */
  static String plain(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
    }
    return shortest(v).toPlainString();
  }

  /**
   * The shortest decimal that parses back to {@code v}, nearest to it among equally short ones (Go's
   * {@code -1} precision). Computed from the exact binary value rather than {@link Double#toString}, which
   * on JDK 17 sometimes prints one digit too many.
   */
  static BigDecimal shortest(double v) {
    BigDecimal exact = new BigDecimal(v);
    for (int p = 1; p < 17; p++) {
      BigDecimal d = exact.round(new java.math.MathContext(p, java.math.RoundingMode.HALF_EVEN));
      if (d.doubleValue() == v) {
        return d.stripTrailingZeros();
      }
    }
    return exact.round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }

  /** Go's {@code %v} for a float64: shortest form, exponent when it is below -4 or at least 21. */
  static String general(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
    }
    BigDecimal d = shortest(v);
    int exp = d.precision() - d.scale() - 1;
    if (exp < -4 || exp >= 21) {
      String digits = d.unscaledValue().abs().toString();
      StringBuilder sb = new StringBuilder();
      if (d.signum() < 0) {
        sb.append('-');
      }
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      if (a < 10) {
        sb.append('0');
      }
      return sb.append(a).toString();
    }
    return d.toPlainString();
  }
}
