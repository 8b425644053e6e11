package io.promethium.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.ValueType;
import org.junit.jupiter.api.Test;

/** The usage shown in {@link PromQLParser}'s class documentation, runnable. */
class PromQLParserExampleTest {
  @Test
  void example() {
    Expr e = PromQLParser.parseExpr("sum by (job) (rate(http_requests_total[5m]))");
    assertEquals("sum by (job) (rate(http_requests_total[5m]))", e.toString());
    assertEquals(ValueType.VECTOR, e.type());

    AggregateExpr sum = assertInstanceOf(AggregateExpr.class, e);
    Call rate = assertInstanceOf(Call.class, sum.expr());
    MatrixSelector range = assertInstanceOf(MatrixSelector.class, rate.args().get(0));
    assertEquals(300_000, range.rangeMillis());

    ParseException err = assertThrows(ParseException.class, () -> PromQLParser.parseExpr("sum(rate(x[5m])"));
    assertEquals("1:16: parse error: unclosed left parenthesis", err.getMessage());
  }
}
