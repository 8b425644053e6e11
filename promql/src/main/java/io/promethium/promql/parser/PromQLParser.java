package io.promethium.promql.parser;

import io.promethium.core.labels.Matcher;
import io.promethium.promql.ast.Expr;
import java.util.List;

/**
 * Entry points of the PromQL parser (Prometheus 2.48 grammar and messages). All methods are stateless and
 * thread-safe; every call parses with fresh state.
 *
 * <pre>{@code
 * Expr e = PromQLParser.parseExpr("sum by (job) (rate(http_requests_total[5m]))");
 * e.toString();  // "sum by (job) (rate(http_requests_total[5m]))"
 * }</pre>
 */
public final class PromQLParser {
  private PromQLParser() {}

  /**
   * Parses and type-checks a PromQL expression.
   *
   * @throws ParseException with Prometheus's message, e.g. {@code 1:5: parse error: unexpected end of input}
   */
  public static Expr parseExpr(String input) {
    try {
      return new ExprParser(input).parseExpression();
    } catch (StackOverflowError e) {
      // Parentheses and function calls nest by recursion; Go's growable stacks have no such limit.
      throw new ParseException(input, 0, input.length(), "expression nested too deeply");
    }
  }

  /**
   * Parses a series selector such as {@code up{job="x"}} or {@code {__name__=~"a.*"}} (the HTTP API's
   * {@code match[]}). The name written before the braces comes last, as an {@code __name__} equality matcher.
   * As in Prometheus, selectors whose matchers all match the empty string are not rejected here.
   *
   * @throws ParseException on a syntax error
   */
  public static List<Matcher> parseMetricSelector(String input) {
    return new ExprParser(input).parseSelectorOnly().matchers();
  }

  /**
   * Parses a Prometheus duration such as {@code 1h30m}, {@code 5m}, {@code 1d}, {@code 1w}, {@code 1y},
   * {@code 100ms} or {@code 0} to milliseconds.
   *
   * @throws IllegalArgumentException e.g. {@code not a valid duration string: "5x"}
   */
  public static long parseDuration(String s) {
    return DurationFormat.parse(s);
  }
}
