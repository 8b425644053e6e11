package io.promethium.http.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promethium.core.exposition.GoFloatFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
      "-123e-9|-1.23e-07", "9007199254740993|9007199254740992", "2e-3|0.002", "1e23|1e+23", "-5e-324|-5e-324",
      "123.456e-300|1.23456e-298", "0.000001234|0.000001234", "4.35e-7|4.35e-07"})
  void apiValue(String in, String want) {
    io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
    try {
      new JsonWriter(buf).sampleValue(Double.parseDouble(in));
      assertEquals("\"" + want + "\"", buf.toString(java.nio.charset.StandardCharsets.US_ASCII));
    } finally {
      buf.release();
    }
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

  /** Core's Go formatter, with the API's switch to the 'e' form: an independent reference. */
  private static void appendReference(StringBuilder out, double v) {
    double abs = Math.abs(v);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21) && !Double.isNaN(v)) {
      GoFloatFormat.appendG(out, v);
    } else {
      GoFloatFormat.appendF(out, v);
    }
  }

  /** The writer must agree with the general Go spelling on the values it takes. */
  @Test
  void fastPathAgreesWithGeneralSpelling() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
    try {
      StringBuilder want = new StringBuilder();
      for (int i = 0; i < 50_000; i++) {
        double v = switch (i % 6) {
          case 0 -> r.nextInt(1_000_000) / Math.pow(10, r.nextInt(8));
          case 1 -> -r.nextLong(1L << 50) / 1000.0;
          case 2 -> (double) r.nextInt(100) / 10 + 0.1 * r.nextInt(3);
          case 3 -> r.nextDouble() * Math.pow(10, r.nextInt(60) - 30);
          case 4 -> Double.longBitsToDouble(r.nextLong());
          default -> Math.round(r.nextGaussian() * 1e4) / 100.0;
        };
        if (Double.isNaN(v)) {
          continue;
        }
        buf.clear();
        new JsonWriter(buf).sampleValue(v);
        if (Math.abs(v) < Double.MIN_NORMAL) {
          continue; // subnormals: covered by the table (core's formatter prints 4.9e-324 on JDK 19+)
        }
        want.setLength(0);
        want.append('"');
        appendReference(want, v);
        want.append('"');
        assertEquals(want.toString(), buf.toString(java.nio.charset.StandardCharsets.US_ASCII),
            "seed " + seed + " value " + v);
      }
    } finally {
      buf.release();
    }
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
      io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer();
      new JsonWriter(b).sampleValue(v);
      String json = b.toString(java.nio.charset.StandardCharsets.US_ASCII);
      b.release();
      String s = json.substring(1, json.length() - 1).replace("+Inf", "Infinity").replace("-Inf", "-Infinity");
      assertEquals(v, Double.parseDouble(s), "seed " + seed + " value " + json);
      sb.setLength(0);
      GoFloatFormat.appendG(sb, v);
      s = sb.toString().replace("+Inf", "Infinity").replace("-Inf", "-Infinity");
      assertEquals(v, Double.parseDouble(s), "seed " + seed + " value " + sb);
    }
  }
}
