package io.promethium.promql.value;

import io.promethium.promql.ast.ValueType;
import java.util.List;

/** An instant vector. The list is owned by the vector; callers must not modify it. */
public record Vector(List<Sample> samples) implements Value {
  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }
}
