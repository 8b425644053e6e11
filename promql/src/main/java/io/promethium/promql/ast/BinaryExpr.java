package io.promethium.promql.ast;

/**
 * {@code lhs op [bool] [on|ignoring(...)] [group_left|group_right(...)] rhs}.
 *
 * @param matching set when both sides are vectors, {@code null} otherwise
 * @param returnBool the {@code bool} modifier of a comparison
 */
public record BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool)
    implements Expr {
  @Override
  public ValueType type() {
    return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR
        ? ValueType.SCALAR
        : ValueType.VECTOR;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
