package io.promethium.http.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promethium.core.exposition.GoFloatFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Float spellings of the API and the text format (core's {@link GoFloatFormat} behind them), checked against
 * Go's strconv output.
 */
class FloatSpellingTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "1|1", "0|0", "-0.0|-0", "0.1|0.1", "-2.5|-2.5", "1e-7|1e-07", "1e-6|0.000001", "1.5e21|1.5e+21",
      "1e21|1e+21", "1e20|100000000000000000000", "123456789.123|123456789.123", "5e-324|5e-324",
      "1.7976931348623157e308|1.7976931348623157e+308", "NaN|NaN", "Infinity|+Inf", "-Infinity|-Inf",
      "0.30000000000000004|0.30000000000000004", "1435781451.781|1435781451.781", "1e18|1000000000000000000",
      "-123e-9|-1.23e-07", "9007199254740993|9007199254740992"})
  void apiValue(String in, String want) {
    StringBuilder sb = new StringBuilder();
    JsonWriter.appendSampleValue(sb, Double.parseDouble(in));
    assertEquals(want, sb.toString());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "1|1", "0|0", "1e6|1e+06", "100000|100000", "0.0001|0.0001", "0.00001|1e-05", "123456.7|123456.7",
      "1234567.5|1.2345675e+06", "0.5|0.5", "NaN|NaN", "Infinity|+Inf", "-Infinity|-Inf", "-1e-10|-1e-10",
      "1.5e300|1.5e+300", "42|42", "3.14159|3.14159"})
  void general(String in, String want) {
    StringBuilder sb = new StringBuilder();
    GoFloatFormat.appendG(sb, Double.parseDouble(in));
    assertEquals(want, sb.toString());
  }

  /** Whatever the digits, the spelling must parse back to the same double. */
  @Test
  void roundTripsRandomValues() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 4_000; i++) {
      double v = Double.longBitsToDouble(r.nextLong());
      if (Double.isNaN(v)) {
        continue;
      }
      sb.setLength(0);
      JsonWriter.appendSampleValue(sb, v);
      String s = sb.toString().replace("+Inf", "Infinity").replace("-Inf", "-Infinity");
      assertEquals(v, Double.parseDouble(s), "seed " + seed + " value " + sb);
      sb.setLength(0);
      GoFloatFormat.appendG(sb, v);
      s = sb.toString().replace("+Inf", "Infinity").replace("-Inf", "-Infinity");
      assertEquals(v, Double.parseDouble(s), "seed " + seed + " value " + sb);
    }
  }
}
