package io.promethium.http.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Go's {@code time.Time} JSON spelling (RFC 3339 with trailing fraction zeros trimmed), in UTC. Stateless. */
final class GoTime {
  private GoTime() {}

  /** Go's zero time, which Prometheus prints for targets never scraped. */
  static final String ZERO = "0001-01-01T00:00:00Z";

  static String format(long millis) {
    Instant i = Instant.ofEpochMilli(millis);
    LocalDateTime t = LocalDateTime.ofEpochSecond(i.getEpochSecond(), 0, ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(32);
    int y = t.getYear();
    if (y < 0) {
      sb.append('-');
      y = -y;
    }
    pad(sb, y, 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    int ms = (int) Math.floorMod(millis, 1000L);
    if (ms != 0) {
      sb.append('.');
      String f = String.format("%03d", ms);
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      sb.append(f, 0, end);
    }
    return sb.append('Z').toString();
  }

  private static StringBuilder pad(StringBuilder sb, int v, int width) {
    String s = Integer.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }
}
