package io.promethium.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiParamsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0, 0", "1, 1000", "1.5, 1500", "1435781451.781, 1435781451781", "1.0015, 1002", "1.0005, 1000",
      "-1.5, -1500", "-0.0005, -1", "1e3, 1000000", "+2, 2000", "1_000, 1000000",
      "2015-07-01T20:10:51.781Z, 1435781451781", "2015-07-01T22:10:51.781+02:00, 1435781451781",
      "2015-07-01T20:10:51Z, 1435781451000", "1970-01-01T00:00:00.000000001Z, 0"})
  void parseTime(String in, long want) {
    assertEquals(want, ApiParams.parseTime(in));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "x", "1d", "0x10", "2015-07-01", "2015-07-01T20:10Z", "NaN", "Inf", "1e400", "1.2.3"})
  void badTimes(String in) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiParams.parseTime(in));
    assertEquals("cannot parse \"" + in + "\" to a valid timestamp", e.getMessage());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"15, 15000", "0.5, 500", "1m, 60000", "1h30m, 5400000", "1d, 86400000", "100ms, 100", "0, 0",
      "-1, -1000"})
  void parseDuration(String in, long want) {
    assertEquals(want, ApiParams.parseDurationMillis(in));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "x", "1.5m", "-1s", "5mm", "1e400"})
  void badDurations(String in) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiParams.parseDurationMillis(in));
    assertEquals("cannot parse \"" + in + "\" to a valid duration", e.getMessage());
  }
}
