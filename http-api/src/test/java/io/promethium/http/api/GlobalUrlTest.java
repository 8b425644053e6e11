package io.promethium.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobalUrlTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "http://localhost:9090/metrics, https://prom.example.org:443/metrics",
      "http://127.0.0.1:9100/metrics, http://prom.example.org:9100/metrics",
      "http://[::1]:9100/metrics?x=1, http://prom.example.org:9100/metrics?x=1",
      "http://node-1:9100/metrics, http://node-1:9100/metrics",
      "http://localhost/metrics, http://prom.example.org/metrics"})
  void localTargetsGetTheExternalHost(String scrape, String want) {
    GlobalUrl g = new GlobalUrl("https://prom.example.org:443/prometheus", "0.0.0.0:9090");
    assertEquals(want, g.of(scrape));
  }
}
