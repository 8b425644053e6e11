package io.promethium.promql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go-compatible number formatting and template expansion. */
class FormattingTest {
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
  void goFloatFormats(double v, String plain, String general) {
    assertEquals(plain, GoFormat.plain(v));
    assertEquals(general, GoFormat.general(v));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "$1|a",
      "${1}x|ax",
      "$1x|''",
      "$$1|$1",
      "$name-$3|n-b",
      "${name}|n",
      "x$|x$",
      "${bad|${bad",
      "$9|''"})
  void goTemplateExpansion(String template, String want) {
    Matcher m = Pattern.compile("^(?:(a)(?<name>n)?(b)?)$").matcher("anb");
    m.find();
    assertEquals(want, LabelFunctions.expand(template, m));
  }

  @ParameterizedTest
  @CsvSource({"+Inf, Infinity", "1.5, 1.5", "1e3, 1000", "-inf, -Infinity", "Infinity, Infinity", "1f, NaN",
      "' 1', NaN", "x, NaN", "0x1p3, 8"})
  void bucketBoundsParseLikeGo(String text, double want) {
    assertEquals(want, CallEvaluator.parseBound(text));
  }
}
