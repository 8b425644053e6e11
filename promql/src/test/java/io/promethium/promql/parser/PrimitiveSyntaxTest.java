package io.promethium.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Durations, metric selectors and number/string literal details. */
class PrimitiveSyntaxTest {

  @ParameterizedTest
  @CsvSource({"0,0", "1ms,1", "100ms,100", "1s,1000", "5m,300000", "1h30m,5400000", "1d,86400000",
      "1w,604800000", "1y,31536000000", "1y2w3d4h5m6s7ms,33019506007", "0s,0", "90m,5400000",
      "290y,9145440000000"})
  void parsesDurations(String s, long millis) {
    assertEquals(millis, PromQLParser.parseDuration(s));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      5x      | not a valid duration string: "5x"
      1m1h    | not a valid duration string: "1m1h"
      1h1h    | not a valid duration string: "1h1h"
      1.5h    | not a valid duration string: "1.5h"
      -5m     | not a valid duration string: "-5m"
      h       | not a valid duration string: "h"
      5       | not a valid duration string: "5"
      300y    | duration out of range
      99999999999999999999s | duration out of range
      """)
  void rejectsBadDurations(String s, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromQLParser.parseDuration(s));
    assertEquals(message, e.getMessage());
  }

  @Test
  void rejectsEmptyDuration() {
    assertEquals("empty duration string",
        assertThrows(IllegalArgumentException.class, () -> PromQLParser.parseDuration("")).getMessage());
  }

  @Test
  void parsesMetricSelectorWithNameLast() {
    List<Matcher> ms = PromQLParser.parseMetricSelector("up{job=\"a\", instance=~\"b.*\"}");
    assertEquals(List.of(Matcher.equal("job", "a"), Matcher.of(MatchType.REGEX, "instance", "b.*"),
        Matcher.equal("__name__", "up")), ms);
  }

  @Test
  void metricSelectorAllowsOnlyEmptyMatchingSelectors() {
    // As Prometheus's ParseMetricSelector: the API layer, not the parser, rejects these.
    assertEquals(List.of(Matcher.of(MatchType.REGEX, "__name__", ".*")),
        PromQLParser.parseMetricSelector("{__name__=~\".*\"}"));
    assertEquals(List.of(), PromQLParser.parseMetricSelector("{}"));
    assertEquals(List.of(Matcher.equal("__name__", "sum")), PromQLParser.parseMetricSelector("sum"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      up + 1      | 1:4: parse error: unexpected <op:+>
      rate(x[5m]) | 1:5: parse error: unexpected "("
      up[5m]      | 1:3: parse error: unexpected "["
      up{a=1}     | 1:6: parse error: unexpected character inside braces: '1'
      1           | 1:1: parse error: unexpected number "1"
      ''          | unknown position: parse error: unexpected end of input
      """)
  void metricSelectorErrors(String input, String message) {
    assertEquals(message, assertThrows(ParseException.class, () -> PromQLParser.parseMetricSelector(input))
        .getMessage());
  }

  @Test
  void positionsCountBytesAndLines() {
    // "é" is two bytes in UTF-8: Prometheus reports byte columns.
    ParseException e = assertThrows(ParseException.class, () -> PromQLParser.parseExpr("\"é\" + foo bar"));
    assertEquals("1:12: parse error: unexpected identifier \"bar\"", e.getMessage());
    assertEquals(11, e.startByte());
    assertEquals(14, e.endByte());
    assertEquals("unexpected identifier \"bar\"", e.detail());
    ParseException multi = assertThrows(ParseException.class, () -> PromQLParser.parseExpr("sum(\n  foo\n) by (a,"));
    assertEquals("3:9: parse error: unclosed left parenthesis", multi.getMessage());
  }

  @Test
  void badRegexFailsAtTheMatcher() {
    // The wording after "error parsing regexp:" is core's Matcher's (Go's RE2 messages).
    ParseException e = assertThrows(ParseException.class, () -> PromQLParser.parseExpr("foo{a=~\"(\"}"));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().startsWith("1:5: parse error: error parsing regexp: "), e.getMessage());
  }

  @Test
  void longTokensAreTruncatedInMessages() {
    ParseException e = assertThrows(ParseException.class, () -> PromQLParser.parseExpr("foo \"a very long string\""));
    assertEquals("1:5: parse error: unexpected string \"\\\"a very lo\"...", e.getMessage());
  }

  @Test
  void unquotesGoEscapes() {
    assertEquals("é😀\u0007\u000b'\"", ((io.promethium.promql.ast.StringLiteral) PromQLParser.parseExpr(
        "\"\\u00e9\\U0001F600\\a\\v'\\\"\"")).value());
    assertEquals("é", ((io.promethium.promql.ast.StringLiteral) PromQLParser.parseExpr("'\\xc3\\xa9'")).value());
    assertEquals("A", ((io.promethium.promql.ast.StringLiteral) PromQLParser.parseExpr("\"\\101\"")).value());
  }

  @Test
  void absurdNestingFailsCleanly() {
    // Parentheses nest by recursion: beyond the thread's stack the parse fails with a parse error.
    String input = "(".repeat(200_000) + "1" + ")".repeat(200_000);
    ParseException e = assertThrows(ParseException.class, () -> PromQLParser.parseExpr(input));
    assertEquals("1:1: parse error: expression nested too deeply", e.getMessage());
    assertEquals("(((1)))", PromQLParser.parseExpr("(((1)))").toString());
  }

  @Test
  void deeplyNestedInputFailsWithFirstError() {
    // From parse_test.go: must not re-render the expression per error, nor take long.
    String input = "(" + "-{}-1".repeat(10000) + ")" + "[1m:]".repeat(1000);
    ParseException e = assertThrows(ParseException.class, () -> PromQLParser.parseExpr(input));
    assertEquals("1:3: parse error: vector selector must contain at least one non-empty matcher", e.getMessage());
  }
}
