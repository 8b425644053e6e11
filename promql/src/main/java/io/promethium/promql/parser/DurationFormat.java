package io.promethium.promql.parser;

/**
 * Prometheus's duration syntax ({@code model.Duration}): units {@code y w d h m s ms}, each at most once and
 * in that order, e.g. {@code 1h30m}, {@code 1d}, {@code 100ms}; {@code 0} alone is allowed. A year is 365
 * days, a week 7 days. Values must fit a Go {@code time.Duration} (about 292 years), because Prometheus
 * rejects longer ones. Stateless.
 */
public final class DurationFormat {
  private static final long MS_PER_SECOND = 1000L;
  private static final long MS_PER_MINUTE = 60 * MS_PER_SECOND;
  private static final long MS_PER_HOUR = 60 * MS_PER_MINUTE;
  private static final long MS_PER_DAY = 24 * MS_PER_HOUR;
  private static final long MS_PER_WEEK = 7 * MS_PER_DAY;
  private static final long MS_PER_YEAR = 365 * MS_PER_DAY;
  /** Largest millisecond count whose nanoseconds fit a signed 64-bit integer. */
  private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000L;

  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] UNIT_MS = {
    MS_PER_YEAR, MS_PER_WEEK, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND, 1
  };

  private DurationFormat() {}

  /**
   * Parses a duration to milliseconds.
   *
   * @throws IllegalArgumentException with Prometheus's message: {@code empty duration string},
   *     {@code not a valid duration string: "1x"}, {@code duration out of range}
   */
  public static long parse(String s) {
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    long total = 0;
    boolean overflow = false;
    int pos = 0;
    int nextUnit = 0;
    while (pos < s.length()) {
      int digitsStart = pos;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
      }
      if (pos == digitsStart) {
        throw invalid(s);
      }
      String digits = s.substring(digitsStart, pos);
      int unitStart = pos;
      while (pos < s.length() && (s.charAt(pos) < '0' || s.charAt(pos) > '9')) {
        pos++;
      }
      String unit = s.substring(unitStart, pos);
      int u = nextUnit;
      while (u < UNITS.length && !UNITS[u].equals(unit)) {
        u++;
      }
      if (u == UNITS.length) {
        throw invalid(s);
      }
      nextUnit = u + 1;
      long n;
      try {
        n = Long.parseLong(digits);
      } catch (NumberFormatException e) {
        n = Long.MAX_VALUE;
      }
      if (n > MAX_MILLIS / UNIT_MS[u]) {
        overflow = true;
        continue;
      }
      total += n * UNIT_MS[u];
      if (total > MAX_MILLIS) {
        overflow = true;
      }
    }
    if (overflow) {
      throw new IllegalArgumentException("duration out of range");
    }
    return total;
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("not a valid duration string: " + GoQuote.quote(s));
  }

  /**
   * Formats milliseconds as Prometheus's {@code model.Duration.String()}: years and weeks only when they
   * divide evenly ({@code 90d}, not {@code 12w6d}); {@code 0s} for zero. Negative values print as
   * {@code -} followed by the absolute value's form.
   */
  public static String format(long millis) {
    if (millis == 0) {
      return "0s";
    }
    if (millis < 0) {
      return "-" + format(-millis);
    }
    StringBuilder sb = new StringBuilder();
    long ms = millis;
    for (int i = 0; i < UNITS.length; i++) {
      boolean exactOnly = i < 2; // y and w
      if (exactOnly && ms % UNIT_MS[i] != 0) {
        continue;
      }
      long v = ms / UNIT_MS[i];
      if (v > 0) {
        sb.append(v).append(UNITS[i]);
        ms -= v * UNIT_MS[i];
      }
    }
    return sb.toString();
  }
}
