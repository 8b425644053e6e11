package io.promethium.core.exposition;

/**
 * The shortest decimal digits that read back as a double, as Go's {@code strconv} finds them, held in a
 * reusable buffer so a formatter makes one string per value ({@link Double#toString}) and nothing else.
 * The one digit source behind {@link GoFloatFormat} and the HTTP API's JSON writer. On JDK 19+ {@code Double.toString} is shortest except that it prints two digits where
 * one would do ({@code 4.9E-324} for Go's {@code 5e-324}); on JDK 17 it sometimes prints one digit too many
 * (JDK-4511638), so outputs of 16+ digits are shortened while they still round-trip. Not thread-safe.
 */
public final class ShortestDecimal {
  private static final boolean TO_STRING_IS_SHORTEST = Runtime.version().feature() >= 19;

  /** ASCII digits, no leading or trailing zeros; value = 0.d1d2… × 10^point. */
  private final byte[] digits = new byte[32];
  private int count;
  private int point;

  /** The digit buffer (ASCII, the first {@link #count()} are valid); shared, not a copy, to stay allocation-free. */
  public byte[] digits() {
    return digits;
  }

  /** Number of significant digits, at least 1. */
  public int count() {
    return count;
  }

  /** Decimal point position: the value is 0.d1d2… × 10^point. */
  public int point() {
    return point;
  }

  /** Sets the digits of {@code |v|}; {@code v} must be finite and non-zero. */
  public void set(double v) {
    String s = Double.toString(Math.abs(v));
    int n = s.length();
    int e = s.indexOf('E');
    int mantEnd = e < 0 ? n : e;
    int exp10 = e < 0 ? 0 : Integer.parseInt(s, e + 1, n, 10);
    count = 0;
    int intDigits = 0;
    boolean seenDot = false;
    boolean leading = true;
    int leadingZerosAfterDot = 0;
    for (int i = 0; i < mantEnd; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        seenDot = true;
        continue;
      }
      if (leading && c == '0') {
        if (seenDot) {
          leadingZerosAfterDot++;
        }
        continue;
      }
      if (leading && !seenDot) {
        intDigits = 0;
      }
      leading = false;
      digits[count++] = (byte) c;
      if (!seenDot) {
        intDigits++;
      }
    }
    point = (intDigits > 0 ? intDigits : -leadingZerosAfterDot) + exp10;
    trimZeros();
    if (count == 2 || (!TO_STRING_IS_SHORTEST && count >= 16)) {
      shorten(Math.abs(v));
    }
    if (!TO_STRING_IS_SHORTEST && count >= 16) {
      nearest(Math.abs(v));
    }
  }

  /**
   * JDK 17's {@code Double.toString} may also print a round-tripping decimal of the right length that is
   * not the nearest one (3.4563524175474463E25 where Go prints …464e+25). Among decimals of this length
   * that read back, Go takes the one nearest the exact binary value: the correctly rounded one, when it
   * reads back.
   */
  private void nearest(double abs) {
    java.math.BigDecimal rounded = new java.math.BigDecimal(abs)
        .round(new java.math.MathContext(count, java.math.RoundingMode.HALF_EVEN));
    if (rounded.doubleValue() != abs) {
      return;
    }
    java.math.BigInteger unscaled = rounded.unscaledValue();
    String ds = unscaled.toString();
    int n = trimmed(ds.getBytes(java.nio.charset.StandardCharsets.US_ASCII), ds.length());
    for (int i = 0; i < n; i++) {
      digits[i] = (byte) ds.charAt(i);
    }
    count = n;
    point = ds.length() - rounded.scale();
  }

  private void trimZeros() {
    while (count > 1 && digits[count - 1] == '0') {
      count--;
    }
  }

  /**
   * Drops a digit while a shorter digit string still reads back as {@code abs}. Both neighbours (the digits
   * cut off, and cut off plus one in the last place) are tried; when both read back, the one nearer the
   * exact binary value wins, as in Go (rounding the longer decimal instead would round twice).
   */
  private void shorten(double abs) {
    byte[] down = new byte[count];
    byte[] up = new byte[count + 1];
    while (count > 1) {
      int n = count - 1;
      System.arraycopy(digits, 0, down, 0, n);
      int downCount = trimmed(down, n);
      int upPoint = point;
      System.arraycopy(digits, 0, up, 0, n);
      int i = n - 1;
      while (i >= 0 && up[i] == '9') {
        up[i] = '0';
        i--;
      }
      if (i < 0) {
        up[0] = '1';
        upPoint++;
      } else {
        up[i]++;
      }
      int upCount = i < 0 ? 1 : trimmed(up, n);
      boolean downOk = parse(down, downCount, point) == abs;
      boolean upOk = parse(up, upCount, upPoint) == abs;
      if (downOk && upOk) {
        java.math.BigDecimal exact = new java.math.BigDecimal(abs);
        java.math.BigDecimal dd = exact.subtract(decimal(down, downCount, point)).abs();
        java.math.BigDecimal du = exact.subtract(decimal(up, upCount, upPoint)).abs();
        downOk = dd.compareTo(du) <= 0;
        upOk = !downOk;
      }
      if (downOk) {
        System.arraycopy(down, 0, digits, 0, downCount);
        count = downCount;
      } else if (upOk) {
        System.arraycopy(up, 0, digits, 0, upCount);
        count = upCount;
        point = upPoint;
      } else {
        return;
      }
    }
  }

  private static int trimmed(byte[] d, int n) {
    while (n > 1 && d[n - 1] == '0') {
      n--;
    }
    return n;
  }

  private static java.math.BigDecimal decimal(byte[] d, int n, int point) {
    return new java.math.BigDecimal(new java.math.BigInteger(new String(d, 0, n,
        java.nio.charset.StandardCharsets.US_ASCII)), n - point);
  }

  private static double parse(byte[] d, int n, int point) {
    StringBuilder sb = new StringBuilder(n + 8).append("0.");
    for (int i = 0; i < n; i++) {
      sb.append((char) d[i]);
    }
    return Double.parseDouble(sb.append('E').append(point).toString());
  }
}
