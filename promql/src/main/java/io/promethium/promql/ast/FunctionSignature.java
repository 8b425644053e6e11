package io.promethium.promql.ast;

import java.util.List;

/**
 * A PromQL function's name and types, as the parser checks calls.
 *
 * @param argTypes the types of the arguments in order
 * @param variadic 0: exactly {@code argTypes.size()} arguments; n &gt; 0: up to n of the trailing
 *     argument type may be omitted/added as Prometheus's {@code Variadic} field; -1: any number of the last
 *     type (label_join)
 */
public record FunctionSignature(String name, List<ValueType> argTypes, int variadic, ValueType returnType) {
  public FunctionSignature {
    argTypes = List.copyOf(argTypes);
  }
}
