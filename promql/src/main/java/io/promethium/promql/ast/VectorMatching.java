package io.promethium.promql.ast;

import java.util.List;

/**
 * How the two sides of a vector/vector binary operation are matched.
 *
 * @param card one-to-one, many-to-one ({@code group_left}), one-to-many ({@code group_right}) or
 *     many-to-many (set operators)
 * @param matchingLabels the labels of {@code on(...)} or {@code ignoring(...)}
 * @param on true for {@code on}, false for {@code ignoring} (or neither written)
 * @param include the extra labels of {@code group_left(...)} / {@code group_right(...)}
 */
public record VectorMatching(Cardinality card, List<String> matchingLabels, boolean on, List<String> include) {
  public enum Cardinality {
    ONE_TO_ONE,
    MANY_TO_ONE,
    ONE_TO_MANY,
    MANY_TO_MANY
  }

  public VectorMatching {
    matchingLabels = List.copyOf(matchingLabels);
    include = List.copyOf(include);
  }
}
