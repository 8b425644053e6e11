package io.promethium.core.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Go's float spellings, checked against Go's strconv/fmt output. Moved here from promql's {@code
 * FormattingTest} ('f' and %v) and {@code ExprPrinterTest} ('g') when their formatters merged into this one.
 */
class GoFloatFormatTest {
  @ParameterizedTest
  @CsvSource({
      "1e21, 1000000000000000000000, 1e+21",
      "1e20, 100000000000000000000, 100000000000000000000",
      "0.1, 0.1, 0.1",
      "0.00001, 0.00001, 1e-05",
      "0.0001, 0.0001, 0.0001",
      "-2.5, -2.5, -2.5",
      "123456789, 123456789, 123456789",
      "1.5e25, 15000000000000000000000000, 1.5e+25",
      "-0.0, -0, -0",
      "2.0E-3, 0.002, 0.002",
      "1.0E23, 100000000000000000000000, 1e+23",
      "0.30000000000000004, 0.30000000000000004, 0.30000000000000004",
      "Infinity, +Inf, +Inf",
      "NaN, NaN, NaN"})
  void plainAndSprint(double v, String plain, String general) {
    assertEquals(plain, GoFloatFormat.f(v));
    assertEquals(general, GoFloatFormat.v(v));
  }

  @ParameterizedTest
  @CsvSource({"0,0", "1,1", "-1,-1", "0.1,0.1", "100000,100000", "1000000,1e+06", "1.5e-7,1.5e-07",
      "123456789,1.23456789e+08", "1e21,1e+21", "1e100,1e+100", "0.000123,0.000123", "-2.5e-5,-2.5e-05",
      "3.14159,3.14159", "-0.0,-0", "5e-324,5e-324", "-5e-324,-5e-324", "1.7976931348623157e308,1.7976931348623157e+308",
      "2.2250738585072014E-308,2.2250738585072014e-308", "1e23,1e+23", "9007199254740993,9.007199254740992e+15",
      "-Infinity,-Inf"})
  void g(double v, String expected) {
    assertEquals(expected, GoFloatFormat.g(v));
  }

  @ParameterizedTest
  @CsvSource({"1.5,1.500000", "-2.0000005,-2.000001", "5e-7,0.000000", "-2.25,-2.250000", "1e21,1000000000000000000000.000000",
      "NaN,NaN", "Infinity,+Inf", "-Infinity,-Inf"})
  void fixed6(double v, String expected) {
    assertEquals(expected, GoFloatFormat.fixed6(v));
  }

  @ParameterizedTest
  @CsvSource({"1e-323,1e-323", "1.5e-323,1.5e-323", "2.5e-323,2.5e-323", "4.4e-323,4.4e-323"})
  void subnormalsAreShortestAsInGo(double v, String ignored) {
    String g = GoFloatFormat.g(v);
    assertEquals(v, Double.parseDouble(g));
    // Go's digits are the shortest that read back; one digit fewer must not.
    String mantissa = g.substring(0, g.indexOf('e')).replace(".", "");
    if (mantissa.length() > 1) {
      java.math.BigDecimal exact = new java.math.BigDecimal(v);
      java.math.BigDecimal shorter = exact.round(new java.math.MathContext(mantissa.length() - 1));
      assertEquals(false, shorter.doubleValue() == v, g);
    }
  }

  /** The shortest digits against an independent BigDecimal search, on random bit patterns. */
  @Test
  void shortestDigitsMatchBigDecimalSearch() {
    long seed = Long.getLong("promethium.float.seed", System.nanoTime());
    Random r = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      double v = Math.abs(Double.longBitsToDouble(r.nextLong()));
      if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
        continue;
      }
      java.math.BigDecimal exact = new java.math.BigDecimal(v);
      java.math.BigDecimal want = null;
      for (int p = 1; p <= 17; p++) {
        java.math.BigDecimal d = exact.round(new java.math.MathContext(p, java.math.RoundingMode.HALF_EVEN));
        if (d.doubleValue() == v) {
          want = d.stripTrailingZeros();
          break;
        }
      }
      String got = GoFloatFormat.f(v);
      assertEquals(0, want.compareTo(new java.math.BigDecimal(got)), "seed " + seed + " value " + v);
      assertEquals(want.unscaledValue().toString().length(),
          new java.math.BigDecimal(got).stripTrailingZeros().unscaledValue().toString().length(),
          "seed " + seed + " value " + v);
    }
  }
}
