package io.promethium.promql.ast;

/** A string literal, unescaped. */
public record StringLiteral(String value) implements Expr {
  @Override
  public ValueType type() {
    return ValueType.STRING;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
