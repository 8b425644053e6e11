package io.promethium.tsdb.backfill;

/**
 * Go's {@code time.Duration} text, as promtool's flags take and print it: parse {@code "2h"}, {@code
 * "1h30m"}, {@code "90s"}, {@code "500ms"}; format {@code 1h46m0.001s}. Millisecond precision. Stateless.
 */
final class GoDuration {
  private GoDuration() {}

  /**
   * Parses a Go duration into milliseconds.
   *
   * @throws IllegalArgumentException naming the bad text
   */
  static long parseMillis(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("invalid duration \"\"");
    }
    if (s.equals("0")) {
      return 0;
    }
    double total = 0;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw new IllegalArgumentException("invalid duration \"" + s + "\"");
      }
      double n = Double.parseDouble(s.substring(start, i));
      int u = i;
      while (i < s.length() && Character.isLetter(s.charAt(i))) {
        i++;
      }
      String unit = s.substring(u, i);
      double mult =
          switch (unit) {
            case "h" -> 3_600_000;
            case "m" -> 60_000;
            case "s" -> 1000;
            case "ms" -> 1;
            case "us", "µs" -> 0.001;
            case "ns" -> 0.000001;
            default -> throw new IllegalArgumentException(
                "unknown unit \"" + unit + "\" in duration \"" + s + "\"");
          };
      total += n * mult;
    }
    return Math.round(total);
  }

  /** Formats milliseconds as Go prints a {@code time.Duration}. */
  static String format(long ms) {
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (ms < 0) {
      sb.append('-');
      ms = -ms;
    }
    if (ms < 1000) {
      return sb.append(ms).append("ms").toString();
    }
    long h = ms / 3_600_000;
    long m = ms / 60_000 % 60;
    long s = ms / 1000 % 60;
    long frac = ms % 1000;
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      sb.append(m).append('m');
    }
    sb.append(s);
    if (frac != 0) {
      String f = String.format("%03d", frac);
      while (f.endsWith("0")) {
        f = f.substring(0, f.length() - 1);
      }
      sb.append('.').append(f);
    }
    return sb.append('s').toString();
  }
}
