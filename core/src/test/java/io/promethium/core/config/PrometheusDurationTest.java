package io.promethium.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusDurationTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0, 0s",
    "15s, 15000, 15s",
    "1h30m, 5400000, 1h30m",
    "90m, 5400000, 1h30m",
    "1d, 86400000, 1d",
    "2w, 1209600000, 2w",
    "15d, 1296000000, 15d",
    "1y, 31536000000, 1y",
    "100ms, 100, 100ms",
    "1m30s500ms, 90500, 1m30s500ms",
    "8d, 691200000, 8d",
  })
  void parsesAndFormats(String in, long millis, String formatted) {
    assertEquals(millis, PrometheusDuration.parseMillis(in));
    assertEquals(formatted, PrometheusDuration.formatMillis(millis));
  }

  @ParameterizedTest
  @CsvSource({"1.5h", "1x", "h", "1s1m", "1m1m", "-1s", "1 s", "1S"})
  void rejects(String in) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrometheusDuration.parse(in));
    assertEquals("not a valid duration string: \"" + in + "\"", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"0, 0, 0B", "512MB, 536870912, 512MiB", "1GB, 1073741824, 1GiB", "10KiB, 10240, 10KiB",
      "1GB512MB, 1610612736, 1GiB512MiB", "100B, 100, 100B", "1.5KB, 1536, 1KiB512B"})
  void byteSizes(String in, long bytes, String formatted) {
    assertEquals(bytes, ByteSize.parse(in));
    assertEquals(formatted, ByteSize.format(bytes));
  }

  @ParameterizedTest
  @CsvSource({"10", "10XB", "abc", "''"})
  void rejectsByteSizes(String in) {
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(in));
  }
}
