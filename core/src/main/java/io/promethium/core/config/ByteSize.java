package io.promethium.core.config;

/**
 * Byte sizes as Prometheus writes them ({@code alecthomas/units.Base2Bytes}): a number with a unit, all
 * units powers of 1024 — {@code B}, {@code KB}/{@code KiB}, {@code MB}/{@code MiB}, {@code GB}, {@code
 * TB}, {@code PB}, {@code EB}; parts may be combined ({@code 1GB512MB}) and fractional ({@code 1.5GB}); a
 * bare {@code 0} is zero. Used by {@code body_size_limit} and {@code --storage.tsdb.retention.size}.
 * Stateless and thread-safe.
 */
public final class ByteSize {
  private static final String PREFIXES = "KMGTPE";

  private ByteSize() {}

  /**
   * Parses {@code s} to bytes.
   *
   * @throws IllegalArgumentException {@code units: unknown unit X in S} or {@code units: invalid S}
   */
  public static long parse(String s) {
    String orig = s;
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("units: invalid " + orig);
    }
    if (s.equals("0")) {
      return 0;
    }
    double total = 0;
    int pos = 0;
    int n = s.length();
    while (pos < n) {
      int start = pos;
      while (pos < n && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException("units: invalid " + orig);
      }
      double v;
      try {
        v = Double.parseDouble(s.substring(start, pos));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("units: invalid " + orig);
      }
      int unitStart = pos;
      while (pos < n && !(Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
        pos++;
      }
      String unit = s.substring(unitStart, pos);
      long mult = unitMultiplier(unit);
      if (mult < 0) {
        throw new IllegalArgumentException("units: unknown unit " + unit + " in " + orig);
      }
      total += v * mult;
    }
    if (total > Long.MAX_VALUE) {
      throw new IllegalArgumentException("units: invalid " + orig);
    }
    return (long) total;
  }

  private static long unitMultiplier(String unit) {
    if (unit.equals("B")) {
      return 1;
    }
    if (unit.length() < 2 || !(unit.endsWith("B"))) {
      return -1;
    }
    String p = unit.endsWith("iB") ? unit.substring(0, unit.length() - 2) : unit.substring(0, unit.length() - 1);
    if (p.length() != 1) {
      return -1;
    }
    int i = PREFIXES.indexOf(p.charAt(0));
    return i < 0 ? -1 : 1L << (10 * (i + 1));
  }

  /** Base-1024 form with the largest units first, as Prometheus prints it: {@code 0B}, {@code 10GiB}. */
  public static String format(long bytes) {
    if (bytes == 0) {
      return "0B";
    }
    StringBuilder sb = new StringBuilder();
    long rest = bytes;
    if (rest < 0) {
      sb.append('-');
      rest = -rest;
    }
    for (int i = PREFIXES.length() - 1; i >= 0; i--) {
      long unit = 1L << (10 * (i + 1));
      long q = rest / unit;
      if (q > 0) {
        sb.append(q).append(PREFIXES.charAt(i)).append("iB");
        rest -= q * unit;
      }
    }
    if (rest > 0) {
      sb.append(rest).append('B');
    }
    return sb.toString();
  }
}
