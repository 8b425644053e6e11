package io.promethium.scrape.loop;

import java.math.BigDecimal;

/**
 * Go's {@code time.Duration.String()} for millisecond durations ({@code 500ms}, {@code 15s}, {@code 1m0s},
 * {@code 1h30m0s}, {@code 1.5s}): Prometheus labels its interval metrics with it. Stateless.
 */
final class GoDuration {
  private GoDuration() {}

  static String format(long ms) {
    if (ms == 0) {
      return "0s";
    }
    if (ms < 1000) {
      return ms + "ms";
    }
    long h = ms / 3_600_000;
    long m = ms % 3_600_000 / 60_000;
    String s = BigDecimal.valueOf(ms % 60_000, 3).stripTrailingZeros().toPlainString() + "s";
    if (h > 0) {
      return h + "h" + m + "m" + s;
    }
    if (m > 0) {
      return m + "m" + s;
    }
    return s;
  }
}
