package io.promethium.promql.ast;

import io.promethium.core.labels.Matcher;
import java.util.List;

/**
 * An instant vector selector: {@code name{matchers} offset d @ t}. {@code matchers} includes the
 * {@code __name__} equality matcher when a name was written before the braces.
 *
 * @param name the metric name written before the braces, or {@code ""}
 * @param offsetMillis the offset (negative for {@code offset -5m}), 0 when absent
 * @param at the {@code @} modifier, or {@code null}
 */
public record VectorSelector(String name, List<Matcher> matchers, long offsetMillis, AtModifier at)
    implements Expr {
  public VectorSelector {
    matchers = List.copyOf(matchers);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
