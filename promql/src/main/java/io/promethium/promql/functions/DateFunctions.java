package io.promethium.promql.functions;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * The calendar functions ({@code hour}, {@code day_of_week}, {@code days_in_month}, ...) over Unix
 * seconds in UTC, by name. The argument is truncated to whole seconds as Prometheus does. Stateless and
 * thread-safe.
 */
public final class DateFunctions {
  private static final Map<String, DoubleUnaryOperator> BY_NAME = Map.of(
      "day_of_month", v -> at(v).getDayOfMonth(),
      "day_of_week", v -> at(v).getDayOfWeek().getValue() % 7,
      "day_of_year", v -> at(v).getDayOfYear(),
      "days_in_month", v -> at(v).toLocalDate().lengthOfMonth(),
      "hour", v -> at(v).getHour(),
      "minute", v -> at(v).getMinute(),
      "month", v -> at(v).getMonthValue(),
      "year", v -> at(v).getYear());

  private DateFunctions() {}

  /** The function called {@code name}, or null if it is not a calendar function. */
  public static DoubleUnaryOperator byName(String name) {
    return BY_NAME.get(name);
  }

  private static LocalDateTime at(double unixSeconds) {
    long s;
    if (Double.isNaN(unixSeconds) || Double.isInfinite(unixSeconds)) {
      s = Long.MIN_VALUE; // what Go's int64 conversion yields on amd64
    } else {
      s = (long) unixSeconds;
    }
    // LocalDateTime covers years ±999,999,999; clamp so extreme inputs give an answer, not an exception.
    long limit = 31_556_889_832_403_199L;
    s = Math.max(-limit, Math.min(limit, s));
    return LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC);
  }
}
