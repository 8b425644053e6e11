package io.promethium.scrape.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {
  @ParameterizedTest
  @CsvSource({"0,0s", "500,500ms", "1000,1s", "1500,1.5s", "15000,15s", "60000,1m0s", "90000,1m30s",
      "3600000,1h0m0s", "5430250,1h30m30.25s"})
  void formatsLikeGo(long ms, String want) {
    assertEquals(want, GoDuration.format(ms));
  }
}
