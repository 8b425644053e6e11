package io.promethium.promql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Re2Regex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Template expansion and label_replace on core's {@link Re2Regex}; bucket bound parsing. */
class FormattingTest {
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
    Re2Regex re = Re2Regex.compile("(a)(?P<name>n)?(b)?");
    assertEquals(want, re.expand(template, re.matcher("anb")));
  }

  @Test
  void labelReplaceUsesPrometheusRegexSemantics() {
    Labels in = Labels.of("src", "a\nb", "keep", "x");
    // '.' does not match a newline in Prometheus (no DOTALL), so the whole-value match fails.
    assertEquals(in, new LabelFunctions.Replace("dst", "$1", "src", "(.*)").apply(in));
    assertEquals(Labels.of("dst", "a\nb", "keep", "x", "src", "a\nb"),
        new LabelFunctions.Replace("dst", "$1", "src", "(?s)(.*)").apply(in));
    assertEquals(Labels.of("dst", "x-a", "keep", "x", "src", "a\nb"),
        new LabelFunctions.Replace("dst", "x-${first}", "src", "(?P<first>a)\\n.*").apply(in));
    QueryException e = assertThrows(QueryException.class, () -> new LabelFunctions.Replace("dst", "$1", "src", "(a"));
    assertEquals("invalid regular expression in label_replace(): (a", e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"+Inf, Infinity", "1.5, 1.5", "1e3, 1000", "-inf, -Infinity", "Infinity, Infinity", "1f, NaN",
      "' 1', NaN", "x, NaN", "0x1p3, 8", "1e400, NaN", "-1e400, NaN", "1e-400, 0"})
  void bucketBoundsParseLikeGo(String text, double want) {
    assertEquals(want, CallEvaluator.parseBound(text));
  }
}
