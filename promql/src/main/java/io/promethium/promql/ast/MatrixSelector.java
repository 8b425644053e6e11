package io.promethium.promql.ast;

/** A range vector selector: {@code selector[range]}; offset and {@code @} live on the inner selector. */
public record MatrixSelector(VectorSelector selector, long rangeMillis) implements Expr {
  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
