package io.promethium.core.config;

import java.time.Duration;

/**
 * Prometheus's duration syntax ({@code common/model.Duration}): units {@code y w d h m s ms}, each at most
 * once and in that order, integers only, e.g. {@code 1h30m}, {@code 15s}, {@code 2w}, {@code 0}. A year is
 * 365 days. Formatting is the inverse, largest units first ({@code 90m} prints as {@code 1h30m}; zero as
 * {@code 0s}). Stateless and thread-safe.
 */
public final class PrometheusDuration {
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] UNIT_MILLIS = {
    365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
  };

  private PrometheusDuration() {}

  /**
   * Parses {@code s}.
   *
   * @throws IllegalArgumentException with Prometheus's wording ({@code not a valid duration string: "x"},
   *     {@code empty duration string}, {@code duration out of range})
   */
  public static Duration parse(String s) {
    return Duration.ofMillis(parseMillis(s));
  }

  /** Like {@link #parse} but returns milliseconds. */
  public static long parseMillis(String s) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    if (s.equals("0")) {
      return 0;
    }
    long total = 0;
    int pos = 0;
    int nextUnit = 0;
    int n = s.length();
    while (pos < n) {
      int start = pos;
      long v = 0;
      while (pos < n && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        v = v * 10 + (s.charAt(pos) - '0');
        if (v > Long.MAX_VALUE / 1000) {
          throw new IllegalArgumentException("duration out of range");
        }
        pos++;
      }
      if (pos == start) {
        throw invalid(s);
      }
      int unitStart = pos;
      while (pos < n && Character.isLetter(s.charAt(pos))) {
        pos++;
      }
      String unit = s.substring(unitStart, pos);
      int u = -1;
      for (int i = nextUnit; i < UNITS.length; i++) {
        if (UNITS[i].equals(unit)) {
          u = i;
          break;
        }
      }
      if (u < 0) {
        throw invalid(s);
      }
      nextUnit = u + 1;
      long add;
      try {
        add = Math.multiplyExact(v, UNIT_MILLIS[u]);
        total = Math.addExact(total, add);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("duration out of range");
      }
    }
    return total;
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
  }

  /** Prometheus's canonical form, e.g. {@code 1h30m}, {@code 15d}, {@code 0s}. */
  public static String format(Duration d) {
    return formatMillis(d.toMillis());
  }

  /** {@link #format} for milliseconds. */
  public static String formatMillis(long ms) {
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (ms < 0) {
      sb.append('-');
      ms = -ms;
    }
    long rest = ms;
    // Like Prometheus: years and weeks only when they divide the remainder exactly, else days.
    for (int i = 0; i < UNITS.length; i++) {
      long unit = UNIT_MILLIS[i];
      if ((i == 0 || i == 1) && rest % unit != 0) {
        continue;
      }
      long q = rest / unit;
      if (q > 0) {
        sb.append(q).append(UNITS[i]);
        rest -= q * unit;
      }
    }
    return sb.toString();
  }
}
