package io.promethium.tsdb.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
  @ParameterizedTest
  @CsvSource({"2h,7200000", "1h30m,5400000", "90s,90000", "500ms,500", "1.5h,5400000", "0,0", "24h,86400000"})
  void parses(String text, long millis) {
    assertEquals(millis, GoDuration.parseMillis(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2", "h", "2d", "1y", "-"})
  void refuses(String text) {
    assertThrows(IllegalArgumentException.class, () -> GoDuration.parseMillis(text));
  }

  @ParameterizedTest
  @CsvSource({"6360001,1h46m0.001s", "7200000,2h0m0s", "59000,59s", "60000,1m0s", "1,1ms", "0,0s", "1500,1.5s"})
  void formatsLikeGo(long millis, String text) {
    assertEquals(text, GoDuration.format(millis));
  }
}
