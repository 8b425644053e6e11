package io.promethium.core.exposition;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Formats doubles exactly as Go does where Prometheus prints them; the one implementation of Go's float
 * spellings in Promethium. Shortest round-trip digits (Go's {@code -1} precision) come from {@link
 * ShortestDecimal}. Stateless and thread-safe.
 *
 * <table>
 *   <caption>Spellings</caption>
 *   <tr><th>method</th><th>Go</th><th>1e6</th><th>1e-5</th><th>1e21</th></tr>
 *   <tr><td>{@link #g}</td><td>{@code strconv.FormatFloat(v, 'g', -1, 64)} (text exposition, PromQL
 *       number literals)</td><td>{@code 1e+06}</td><td>{@code 1e-05}</td><td>{@code 1e+21}</td></tr>
 *   <tr><td>{@link #f}</td><td>{@code strconv.FormatFloat(v, 'f', -1, 64)} (count_values, le)</td>
 *       <td>{@code 1000000}</td><td>{@code 0.00001}</td><td>{@code 1000000000000000000000}</td></tr>
 *   <tr><td>{@link #v}</td><td>{@code fmt.Sprint(v)}, {@code %v} (error messages)</td>
 *       <td>{@code 1e+06}</td><td>{@code 1e-05}</td><td>{@code 1e+21}</td></tr>
 *   <tr><td>{@link #fixed6}</td><td>{@code fmt.Sprintf("%f", v)}</td><td>{@code 1000000.000000}</td>
 *       <td>{@code 0.000010}</td><td>{@code 1000000000000000000000.000000}</td></tr>
 * </table>
 *
 * <p>All print {@code +Inf}, {@code -Inf}, {@code NaN} and keep the sign of {@code -0}. {@code %v} differs
 * from {@code 'g'} only in switching to the exponent form at 10^21 instead of 10^6 (1e20 prints as
 * {@code 100000000000000000000}).
 */
public final class GoFloatFormat {
  private GoFloatFormat() {}

  /** {@code strconv.FormatFloat(v, 'g', -1, 64)}. */
  public static String g(double v) {
    StringBuilder sb = new StringBuilder(24);
    appendG(sb, v);
    return sb.toString();
  }

  /** {@code strconv.FormatFloat(v, 'f', -1, 64)}. */
  public static String f(double v) {
    StringBuilder sb = new StringBuilder(24);
    appendF(sb, v);
    return sb.toString();
  }

  /** Go's {@code fmt.Sprint(v)} / {@code %v} for a float64: shortest digits, exponent below 1e-4 or from 1e21. */
  public static String v(double v) {
    StringBuilder sb = new StringBuilder(24);
    appendShortest(sb, v, 21);
    return sb.toString();
  }

  /** Go's {@code fmt.Sprintf("%f", v)}: six decimals, rounded half-even from the exact binary value. */
  public static String fixed6(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** Appends {@link #g}. */
  public static void appendG(StringBuilder sb, double v) {
    long asLong = (long) v;
    if (asLong == v && Math.abs(asLong) < 1_000_000 && !(v == 0 && 1 / v < 0)) {
      sb.append(asLong); // the common case: small integers print as they are
      return;
    }
    appendShortest(sb, v, 6);
  }

  /** Appends {@link #f}. */
  public static void appendF(StringBuilder sb, double v) {
    if (special(sb, v)) {
      return;
    }
    long asLong = (long) v;
    if (asLong == v && Math.abs(asLong) < (1L << 53) && !(v == 0 && 1 / v < 0)) {
      sb.append(asLong);
      return;
    }
    if (v == 0) {
      sb.append("-0");
      return;
    }
    ShortestDecimal d = new ShortestDecimal();
    d.set(v);
    if (v < 0) {
      sb.append('-');
    }
    appendFixed(sb, d);
  }

  /** Shortest digits in the exponent form when the decimal exponent is below -4 or at least {@code expLimit}. */
  private static void appendShortest(StringBuilder sb, double v, int expLimit) {
    if (special(sb, v)) {
      return;
    }
    if (v == 0) {
      sb.append(1 / v < 0 ? "-0" : "0");
      return;
    }
    ShortestDecimal d = new ShortestDecimal();
    d.set(v);
    if (v < 0) {
      sb.append('-');
    }
    int exp = d.point() - 1;
    if (exp < -4 || exp >= expLimit) {
      byte[] digits = d.digits();
      sb.append((char) digits[0]);
      if (d.count() > 1) {
        sb.append('.');
        appendDigits(sb, digits, 1, d.count());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      if (a < 10) {
        sb.append('0');
      }
      sb.append(a);
      return;
    }
    appendFixed(sb, d);
  }

  private static boolean special(StringBuilder sb, double v) {
    if (Double.isNaN(v)) {
      sb.append("NaN");
    } else if (v == Double.POSITIVE_INFINITY) {
      sb.append("+Inf");
    } else if (v == Double.NEGATIVE_INFINITY) {
      sb.append("-Inf");
    } else {
      return false;
    }
    return true;
  }

  /** The digits of {@code d} in plain notation, without sign. */
  private static void appendFixed(StringBuilder sb, ShortestDecimal d) {
    byte[] digits = d.digits();
    int nd = d.count();
    int dp = d.point();
    if (dp <= 0) {
      sb.append("0.");
      for (int i = dp; i < 0; i++) {
        sb.append('0');
      }
      appendDigits(sb, digits, 0, nd);
      return;
    }
    if (dp >= nd) {
      appendDigits(sb, digits, 0, nd);
      for (int i = nd; i < dp; i++) {
        sb.append('0');
      }
      return;
    }
    appendDigits(sb, digits, 0, dp);
    sb.append('.');
    appendDigits(sb, digits, dp, nd);
  }

  private static void appendDigits(StringBuilder sb, byte[] digits, int from, int to) {
    for (int i = from; i < to; i++) {
      sb.append((char) digits[i]);
    }
  }
}
