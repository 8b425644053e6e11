package io.promethium.promql.value;

import io.promethium.promql.ast.ValueType;

/** A scalar at a timestamp (milliseconds). */
public record Scalar(long timestamp, double value) implements Value {
  @Override
  public ValueType type() {
    return ValueType.SCALAR;
  }
}
