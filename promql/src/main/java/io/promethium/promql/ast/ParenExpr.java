package io.promethium.promql.ast;

/** {@code ( expr )}; kept in the tree so printing round-trips. */
public record ParenExpr(Expr expr) implements Expr {
  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
