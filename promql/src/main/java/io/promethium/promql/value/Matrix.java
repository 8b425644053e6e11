package io.promethium.promql.value;

import io.promethium.promql.ast.ValueType;
import java.util.List;

/** A range vector, or the result of a range query: series each with their points. */
public record Matrix(List<RangeSeries> series) implements Value {
  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }
}
