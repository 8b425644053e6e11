package io.promethium.http.api;

import io.promethium.core.config.PrometheusDuration;
import io.promethium.http.ApiError;
import io.promethium.http.ApiRequest;
import io.promethium.promql.parser.GoQuote;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Parsing of the API's time, duration and number parameters with Prometheus's error texts
 * ({@code web/api/v1/api.go}: {@code parseTime}, {@code parseTimeParam}, {@code parseDuration}). Stateless.
 */
final class ApiParams {
  /** {@code minTime}/{@code maxTime} of api.go in milliseconds: the defaults of absent start/end. */
  static final long MIN_TIME = (Long.MIN_VALUE / 1000 + 62135596801L) * 1000;
  static final long MAX_TIME = (Long.MAX_VALUE / 1000 - 62135596801L) * 1000 + 999;

  /** What Go's {@code strconv.ParseFloat} accepts in decimal form (hex floats are not supported here). */
  private static final Pattern GO_FLOAT =
      Pattern.compile("[+-]?(?:(?:[0-9]+(?:_[0-9]+)*(?:\\.(?:[0-9]+(?:_[0-9]+)*)?)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
          + "|(?i:inf|infinity|nan))");

  /** Go's RFC 3339 layout: seconds required, optional fraction, {@code Z} or a numeric offset. */
  private static final Pattern RFC3339 =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}:\\d{2})");

  private ApiParams() {}

  /** Go's {@code strconv.ParseFloat(s, 64)}, or {@code null} when it would fail. */
  static Double parseGoFloat(String s) {
    if (s == null || s.isEmpty() || !GO_FLOAT.matcher(s).matches()) {
      return null;
    }
    String t = s.replace("_", "");
    String lower = t.toLowerCase();
    if (lower.endsWith("inf") || lower.endsWith("infinity")) {
      return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.endsWith("nan")) {
      return Double.NaN;
    }
    double d = Double.parseDouble(t);
    // Go reports overflow (1e400) as an error where Java answers Infinity.
    return Double.isInfinite(d) ? null : d;
  }

  /**
   * A timestamp in milliseconds from Unix seconds (with up to millisecond fractions, rounded) or RFC 3339.
   *
   * @throws IllegalArgumentException {@code cannot parse "x" to a valid timestamp}
   */
  static long parseTime(String s) {
    Double f = parseGoFloat(s);
    if (f != null && !f.isNaN() && !f.isInfinite()) {
      double whole = f < 0 ? Math.ceil(f) : Math.floor(f);
      double frac = f - whole;
      // Go's math.Round: half away from zero.
      long fracMillis = (long) (Math.signum(frac) * Math.floor(Math.abs(frac) * 1000 + 0.5));
      return (long) whole * 1000 + fracMillis;
    }
    if (s != null && RFC3339.matcher(s).matches()) {
      try {
        OffsetDateTime t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return t.toInstant().getEpochSecond() * 1000 + t.getNano() / 1_000_000;
      } catch (DateTimeParseException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException("cannot parse " + GoQuote.quote(s == null ? "" : s) + " to a valid timestamp");
  }

  /** An optional time parameter; the default when absent or empty. */
  static long timeParam(ApiRequest req, String name, long defaultMillis) {
    String v = req.formValue(name);
    if (v.isEmpty()) {
      return defaultMillis;
    }
    try {
      return parseTime(v);
    } catch (IllegalArgumentException e) {
      throw invalidParam(name, "Invalid time value for '" + name + "': " + e.getMessage());
    }
  }

  /** A required time parameter (query_range's start and end). */
  static long requiredTime(ApiRequest req, String name) {
    try {
      return parseTime(req.formValue(name));
    } catch (IllegalArgumentException e) {
      throw invalidParam(name, e.getMessage());
    }
  }

  /**
   * A duration in milliseconds: float seconds or Prometheus duration syntax.
   *
   * @throws IllegalArgumentException {@code cannot parse "x" to a valid duration}
   */
  static long parseDurationMillis(String s) {
    Double f = parseGoFloat(s);
    if (f != null) {
      double ns = f * 1e9;
      if (ns > Long.MAX_VALUE || ns < Long.MIN_VALUE) { // NaN falls through to 0, "zero or negative" as in Go
        throw new IllegalArgumentException(
            "cannot parse " + GoQuote.quote(s) + " to a valid duration. It overflows int64");
      }
      return (long) ns / 1_000_000;
    }
    try {
      return PrometheusDuration.parseMillis(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot parse " + GoQuote.quote(s == null ? "" : s) + " to a valid duration");
    }
  }

  /** The {@code invalid parameter "name": message} error of api.go. */
  static ApiError invalidParam(String name, String message) {
    return ApiError.badData("invalid parameter " + GoQuote.quote(name) + ": " + message);
  }

  /** An optional non-negative {@code limit}; 0 when absent (no limit). */
  static int limitParam(ApiRequest req) {
    String s = req.formValue("limit");
    if (s.isEmpty()) {
      return 0;
    }
    try {
      int v = Integer.parseInt(s);
      if (v < 0) {
        throw invalidParam("limit", "limit must be non-negative");
      }
      return v;
    } catch (NumberFormatException e) {
      throw invalidParam("limit", "cannot parse " + GoQuote.quote(s) + " to a valid limit");
    }
  }
}
