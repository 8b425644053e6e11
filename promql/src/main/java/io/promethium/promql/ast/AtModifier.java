package io.promethium.promql.ast;

/**
 * The {@code @} modifier of a selector or subquery: a fixed timestamp, or {@code start()} / {@code end()} of
 * the query, resolved at evaluation.
 */
public record AtModifier(Kind kind, long timestampMillis) {
  public enum Kind {
    TIMESTAMP,
    START,
    END
  }

  public static AtModifier at(long timestampMillis) {
    return new AtModifier(Kind.TIMESTAMP, timestampMillis);
  }

  public static final AtModifier START = new AtModifier(Kind.START, 0);
  public static final AtModifier END = new AtModifier(Kind.END, 0);
}
