package io.promethium.promql.parser;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's float formatting where Prometheus's output depends on it: {@code fmt.Sprint(f)} (shortest digits,
 * exponent form below 1e-4 and from 1e6 up, {@code +Inf}, {@code NaN}), used to print number literals,
 * and {@code %f}, used in error messages. Stateless.
 */
public final class GoFloat {
  private GoFloat() {}

  /** As Go's {@code fmt.Sprint(v)} for a float64, e.g. {@code 1}, {@code 0.5}, {@code 1e+06}, {@code -Inf}. */
  public static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0" : "0";
    }
    BigDecimal shortest = shortest(v);
    String sign = v < 0 ? "-" : "";
    String digits = shortest.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - shortest.scale(); // decimal exponent of the first digit
    if (exp < -4 || exp >= 6) {
      StringBuilder sb = new StringBuilder(sign).append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int abs = Math.abs(exp);
      if (abs < 10) {
        sb.append('0');
      }
      return sb.append(abs).toString();
    }
    return sign + shortest.abs().toPlainString();
  }

  /** As Go's {@code fmt.Sprintf("%f", v)}: six decimals, {@code +Inf}, {@code -Inf}, {@code NaN}. */
  public static String formatFixed6(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** The shortest decimal that reads back as {@code v}, without trailing zeros. */
  private static BigDecimal shortest(double v) {
    BigDecimal exact = new BigDecimal(v);
    for (int p = 1; p < 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == v) {
        return r.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }
}
