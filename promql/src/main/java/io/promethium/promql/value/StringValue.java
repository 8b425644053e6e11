package io.promethium.promql.value;

import io.promethium.promql.ast.ValueType;

/** A string at a timestamp (milliseconds). */
public record StringValue(long timestamp, String value) implements Value {
  @Override
  public ValueType type() {
    return ValueType.STRING;
  }
}
