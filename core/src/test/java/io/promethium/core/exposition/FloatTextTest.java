package io.promethium.core.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FloatTextTest {
  static double parse(String s) throws FloatText.SyntaxError {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    return FloatText.parse(b, 0, b.length);
  }

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("0", 0.0), Arguments.of("-0", -0.0), Arguments.of("+1", 1.0), Arguments.of("1.", 1.0),
        Arguments.of(".5", 0.5), Arguments.of("1e3", 1000.0), Arguments.of("1E+3", 1000.0),
        Arguments.of("2.5e-3", 0.0025), Arguments.of("Inf", Double.POSITIVE_INFINITY),
        Arguments.of("+inf", Double.POSITIVE_INFINITY), Arguments.of("-Infinity", Double.NEGATIVE_INFINITY),
        Arguments.of("NaN", Double.NaN), Arguments.of("nan", Double.NaN),
        Arguments.of("9999999999999999999", 9999999999999999999.0),
        Arguments.of("18446744073709551615", 18446744073709551615.0),
        Arguments.of("0.00020043300000000002", 0.00020043300000000002),
        Arguments.of("1.7976931348623157e308", Double.MAX_VALUE),
        Arguments.of("4.9e-324", Double.MIN_VALUE),
        Arguments.of("2.2250738585072014e-308", Double.MIN_NORMAL),
        Arguments.of("1e-400", 0.0),
        Arguments.of("9007199254740993", 9007199254740993.0),
        Arguments.of("000000000000000000000000001.5", 1.5),
        Arguments.of("1" + "0".repeat(30), 1e30),
        // The plain-digits fast path and its edges.
        Arguments.of("007", 7.0), Arguments.of("123456789012345", 123456789012345.0),
        Arguments.of("999999999999999", 999999999999999.0), Arguments.of("1234567890123456", 1234567890123456.0),
        Arguments.of("12345", 12345.0), Arguments.of("12345.5", 12345.5), Arguments.of("12345e2", 1234500.0));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("valid")
  void parsesLikeGo(String in, double expected) throws Exception {
    assertEquals(expected, parse(in));
  }

  @Test
  void refusesWhatGoRefuses() {
    for (String s : new String[] {"", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "1_000", "0x1p3", "0x10", "--1",
        "-nan", "infx", "in", "1 ", " 1", "1e400", "-1e400", "1d", "1f", "12a", "123456789012345x"}) {
      assertThrows(FloatText.SyntaxError.class, () -> parse(s), s);
    }
  }

  /**
   * Short tokens inside a larger buffer (the parser's case), which takes the eight-bytes-at-once digit
   * path: the same value or the same refusal as the token on its own, whatever bytes surround it.
   */
  @Test
  void tokensInsideLargerBuffersParseAsAlone() throws Exception {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    String alphabet = "0123456789012345678901234567890123456789+-.eE :/a\u00ff";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder sb = new StringBuilder();
      boolean digitsOnly = r.nextInt(4) != 0;
      for (int k = 1 + r.nextInt(10); k > 0; k--) {
        sb.append(digitsOnly ? (char) ('0' + r.nextInt(10)) : alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String token = sb.toString();
      byte[] alone = token.getBytes(StandardCharsets.ISO_8859_1);
      byte[] padded = new byte[alone.length + 20];
      for (int k = 0; k < padded.length; k++) {
        padded[k] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
      }
      int at = r.nextInt(4);
      System.arraycopy(alone, 0, padded, at, alone.length);
      String want;
      try {
        want = String.valueOf(FloatText.parse(alone, 0, alone.length));
      } catch (FloatText.SyntaxError e) {
        want = "error " + e.getMessage();
      }
      String got;
      try {
        got = String.valueOf(FloatText.parse(padded, at, at + alone.length));
      } catch (FloatText.SyntaxError e) {
        got = "error " + e.getMessage();
      }
      assertEquals(want, got, "token " + token + " (seed " + seed + ")");
      if (digitsOnly) {
        assertEquals(String.valueOf(Double.parseDouble(token)), got, "token " + token + " (seed " + seed + ")");
      }
    }
  }

  /** Every conversion path against Double.parseDouble, on printed random doubles and random digit strings. */
  @Test
  void agreesWithJavaOnRandomInputs() throws Exception {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    for (int i = 0; i < 100_000; i++) {
      String s;
      switch (i % 4) {
        case 0 -> s = Double.toString(Double.longBitsToDouble(r.nextLong()));
        case 1 -> s = String.format(Locale.ROOT, "%.16e", r.nextDouble() * Math.pow(10, r.nextInt(600) - 300));
        case 2 -> {
          StringBuilder sb = new StringBuilder();
          for (int k = 1 + r.nextInt(19); k > 0; k--) {
            sb.append((char) ('0' + r.nextInt(10)));
          }
          s = sb.append('e').append(r.nextInt(700) - 350).toString();
        }
        default -> s = String.format(Locale.ROOT, "%.17g", r.nextDouble() * 1e6);
      }
      if (s.contains("Infinity") || s.contains("NaN")) {
        continue;
      }
      double expected = Double.parseDouble(s);
      if (Double.isInfinite(expected)) {
        String in = s;
        assertThrows(FloatText.SyntaxError.class, () -> parse(in), "seed " + seed + " input " + s);
      } else {
        assertEquals(expected, parse(s), "seed " + seed + " input " + s);
      }
    }
  }

  @Test
  void eiselLemireDecidesTypicalInputs() {
    assertEquals(Double.doubleToLongBits(0.00020043300000000002),
        EiselLemire.toDoubleBits(20043300000000002L, -20, false));
    assertEquals(Double.doubleToLongBits(-1.2345678901234567e200),
        EiselLemire.toDoubleBits(12345678901234567L, 184, true));
    long seed = System.nanoTime();
    Random r = new Random(seed);
    int fails = 0;
    for (int i = 0; i < 10_000; i++) {
      long m = 10_000_000_000_000_000L + (long) (r.nextDouble() * 8e16);
      int e = r.nextInt(560) - 280; // results stay normal and finite
      long bits = EiselLemire.toDoubleBits(m, e, false);
      if (bits == EiselLemire.FAIL) {
        fails++;
      } else {
        assertEquals(Double.parseDouble(m + "e" + e), Double.longBitsToDouble(bits), "seed " + seed);
      }
    }
    assertEquals(true, fails < 100, "seed " + seed + ": " + fails + " fallbacks in 10000");
  }
}
