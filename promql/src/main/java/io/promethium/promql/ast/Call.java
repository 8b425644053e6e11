package io.promethium.promql.ast;

import java.util.List;

/** A function call; {@code function} is the checked signature. */
public record Call(FunctionSignature function, List<Expr> args) implements Expr {
  public Call {
    args = List.copyOf(args);
  }

  @Override
  public ValueType type() {
    return function.returnType();
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
