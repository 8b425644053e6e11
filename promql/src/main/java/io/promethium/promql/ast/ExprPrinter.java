package io.promethium.promql.ast;

/** Prints an expression tree back to PromQL. */
public final class ExprPrinter {
  private ExprPrinter() {}

  public static String print(Expr e) {
    throw new UnsupportedOperationException("ExprPrinter not written yet");
  }
}
