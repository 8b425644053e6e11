package io.promethium.promql.ast;

/**
 * A subquery: {@code expr[range:step] offset d @ t}.
 *
 * @param stepMillis the step, 0 when omitted (the engine then uses the global evaluation interval)
 * @param offsetMillis 0 when absent
 * @param at {@code null} when absent
 */
public record SubqueryExpr(Expr expr, long rangeMillis, long stepMillis, long offsetMillis, AtModifier at)
    implements Expr {
  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
