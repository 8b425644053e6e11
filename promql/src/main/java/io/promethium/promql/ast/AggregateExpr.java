package io.promethium.promql.ast;

import java.util.List;

/**
 * {@code op [by|without (labels)] ([param,] expr)}.
 *
 * @param param the parameter of topk, bottomk, quantile, count_values; {@code null} otherwise
 * @param grouping labels of {@code by} or {@code without}
 * @param without true for {@code without}
 */
public record AggregateExpr(AggregateOp op, Expr expr, Expr param, List<String> grouping, boolean without)
    implements Expr {
  public AggregateExpr {
    grouping = List.copyOf(grouping);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
