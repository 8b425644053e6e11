package io.promethium.promql.ast;

/** Unary {@code -expr} or {@code +expr}; {@code op} is {@link BinaryOp#SUB} or {@link BinaryOp#ADD}. */
public record UnaryExpr(BinaryOp op, Expr expr) implements Expr {
  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
