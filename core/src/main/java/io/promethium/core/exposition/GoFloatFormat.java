package io.promethium.core.exposition;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats doubles exactly as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} (what Prometheus prints in
 * the text exposition and {@code /federate}) and {@code FormatFloat(v, 'f', -1, 64)} (the HTTP API's
 * sample values): the shortest decimal that reads back as the same double.
 *
 * <table>
 *   <caption>Examples</caption>
 *   <tr><th>value</th><th>{@code g}</th><th>{@code f}</th></tr>
 *   <tr><td>1e6</td><td>{@code 1e+06}</td><td>{@code 1000000}</td></tr>
 *   <tr><td>123456.7</td><td>{@code 123456.7}</td><td>{@code 123456.7}</td></tr>
 *   <tr><td>1e-5</td><td>{@code 1e-05}</td><td>{@code 0.00001}</td></tr>
 *   <tr><td>±Inf, NaN</td><td>{@code +Inf}, {@code -Inf}, {@code NaN}</td><td>same</td></tr>
 * </table>
 *
 * <p>The shortest digits come from {@link Double#toString}, which is shortest from JDK 19 on (but for
 * subnormals, where it keeps two digits); on older JDKs a result of 16 or more digits, and on all JDKs a
 * subnormal, is shortened by trying fewer digits. Stateless and thread-safe.
 */
public final class GoFloatFormat {
  private static final boolean TO_STRING_IS_SHORTEST = Runtime.version().feature() >= 19;

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

  public static void appendG(StringBuilder sb, double v) {
    if (special(sb, v)) {
      return;
    }
    long asLong = (long) v;
    if (asLong == v && Math.abs(asLong) < 1_000_000 && !(v == 0 && 1 / v < 0)) {
      sb.append(asLong); // the common case: small integers print as they are
      return;
    }
    Decimal d = Decimal.of(v);
    int exp = d.dp - 1;
    if (exp < -4 || exp >= 6) {
      if (d.negative) {
        sb.append('-');
      }
      sb.append(d.digits.charAt(0));
      if (d.digits.length() > 1) {
        sb.append('.').append(d.digits, 1, d.digits.length());
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

  public static void appendF(StringBuilder sb, double v) {
    if (special(sb, v)) {
      return;
    }
    long asLong = (long) v;
    if (asLong == v && Math.abs(asLong) < (1L << 53) && !(v == 0 && 1 / v < 0)) {
      sb.append(asLong);
      return;
    }
    appendFixed(sb, Decimal.of(v));
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

  private static void appendFixed(StringBuilder sb, Decimal d) {
    if (d.negative) {
      sb.append('-');
    }
    String digits = d.digits;
    int nd = digits.length();
    if (d.dp <= 0) {
      sb.append("0.");
      for (int i = d.dp; i < 0; i++) {
        sb.append('0');
      }
      sb.append(digits);
      return;
    }
    if (d.dp >= nd) {
      sb.append(digits);
      for (int i = nd; i < d.dp; i++) {
        sb.append('0');
      }
      return;
    }
    sb.append(digits, 0, d.dp).append('.').append(digits, d.dp, nd);
  }

  /** value = 0.digits × 10^dp, digits without leading or trailing zeros ("0" for zero). */
  private record Decimal(boolean negative, String digits, int dp) {
    static Decimal of(double v) {
      boolean neg = v < 0 || (v == 0 && 1 / v < 0);
      double a = Math.abs(v);
      if (a == 0) {
        return new Decimal(neg, "0", 1);
      }
      String s = Double.toString(a);
      int e = s.indexOf('E');
      int exp10 = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
      String mant = e < 0 ? s : s.substring(0, e);
      int dot = mant.indexOf('.');
      String all = mant.substring(0, dot) + mant.substring(dot + 1);
      int dp = dot + exp10;
      int lead = 0;
      while (lead < all.length() - 1 && all.charAt(lead) == '0') {
        lead++;
      }
      int trail = all.length();
      while (trail > lead + 1 && all.charAt(trail - 1) == '0') {
        trail--;
      }
      String digits = all.substring(lead, trail);
      dp -= lead;
      // JDK 19+ prints at least two digits (4.9E-324 where Go prints 5e-324); that only matters for
      // subnormals, whose precision is low enough for one digit to be far from the two-digit closest.
      if ((!TO_STRING_IS_SHORTEST && digits.length() >= 16) || a < Double.MIN_NORMAL) {
        Decimal shorter = shorten(a, digits.length());
        if (shorter != null) {
          return new Decimal(neg, shorter.digits, shorter.dp);
        }
      }
      return new Decimal(neg, digits, dp);
    }

    /**
     * The shortest decimal that reads back as {@code a}, if shorter than {@code nd} digits. If a p-digit
     * decimal reads back, so does the nearest (p+1)-digit one, so the search walks down from nd-1 and stops
     * at the first failure: one BigDecimal rounding in the common case that nd was already shortest.
     */
    private static Decimal shorten(double a, int nd) {
      BigDecimal exact = new BigDecimal(a);
      BigDecimal best = null;
      for (int p = nd - 1; p >= 1; p--) {
        BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        if (r.doubleValue() != a) {
          break;
        }
        best = r;
      }
      if (best == null) {
        return null;
      }
      BigDecimal stripped = best.stripTrailingZeros();
      String digits = stripped.unscaledValue().toString();
      return new Decimal(false, digits, digits.length() - stripped.scale());
    }
  }
}
