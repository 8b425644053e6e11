package io.promethium.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.ExprPrinter;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/format_query} output, as Prometheus 2.48's {@code prettier.go}: split above 100 bytes, two
 * spaces per level. Expected texts are worked out by hand from that algorithm, including its quirks.
 */
class PrettyPrintTest {

  private static String pretty(String q) {
    return ExprPrinter.pretty(PromQLParser.parseExpr(q));
  }

  @Test
  void shortExpressionsStayOnOneLine() {
    assertEquals("sum by (job) (rate(x[5m]))", pretty("sum(rate(x[5m])) by (job)"));
    assertEquals("a + on (b) group_left () c", pretty("a + on(b) group_left c"));
  }

  @Test
  void splitsLongBinaryExpressionAtTheOperator() {
    String q = "sum by (job) (rate(http_requests_total{job=\"api-server\", handler=\"/api/v1/query_range\"}[5m]))"
        + " / on(job) group_left sum by (job) (rate(http_requests_total[5m]))";
    assertEquals("""
          sum by (job) (rate(http_requests_total{handler="/api/v1/query_range",job="api-server"}[5m]))
        / on (job) group_left ()
          sum by (job) (rate(http_requests_total[5m]))""", pretty(q));
  }

  @Test
  void splitsAggregationButNotAChildOfExactly100Bytes() {
    String q = "topk(10, sum by (instance, job) (rate(node_cpu_seconds_total{mode!=\"idle\", "
        + "instance=~\"host-[0-9]+:9100\"}[5m])))";
    String child = "sum by (instance, job) (rate(node_cpu_seconds_total{instance=~\"host-[0-9]+:9100\","
        + "mode!=\"idle\"}[5m]))";
    assertEquals(100, child.length());
    assertEquals("topk(\n  10,\n  " + child + "\n)", pretty(q));
  }

  @Test
  void shortSubqueryInsideSplitCallIsNotIndented() {
    // Prometheus's SubqueryExpr.Pretty returns the one-line form without indentation when it fits.
    String sub = "(sum by (job) (rate(http_requests_total{handler=\"/query\",job=\"api-server\"}[5m])) > 1000)[30m:1m]";
    assertEquals("max_over_time(\n" + sub + "\n)", pretty("max_over_time(" + sub + ")"));
  }

  @Test
  void nestedSplitsIndentPerLevel() {
    String sel = "some_quite_long_metric_name_for_testing{environment=\"production\",job=\"api\"}";
    String q = "(" + sel + " + " + sel + ") * -" + sel;
    assertEquals(75, sel.length());
    assertEquals("  (\n"
        + "      " + sel + "\n"
        + "    +\n"
        + "      " + sel + "\n"
        + "  )\n"
        + "*\n"
        + "  -" + sel, pretty(q));
  }

  @Test
  void prettyOutputParsesBackToTheSameTree() {
    String q = "histogram_quantile(0.99, sum by (le, job, instance) (rate(http_request_duration_seconds_bucket"
        + "{job=~\"api|web\", code!~\"5..\"}[5m] offset 1h))) > on (job) group_left (team) team_info{team!=\"\"}";
    Expr e = PromQLParser.parseExpr(q);
    assertEquals(e.toString(), PromQLParser.parseExpr(ExprPrinter.pretty(e)).toString());
  }
}
