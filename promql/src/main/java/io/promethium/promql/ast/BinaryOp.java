package io.promethium.promql.ast;

/** Binary operators with their PromQL spelling and precedence (higher binds tighter). */
public enum BinaryOp {
  OR("or", 1, false),
  AND("and", 2, false),
  UNLESS("unless", 2, false),
  EQLC("==", 3, true),
  NEQ("!=", 3, true),
  LTE("<=", 3, true),
  LSS("<", 3, true),
  GTE(">=", 3, true),
  GTR(">", 3, true),
  ADD("+", 4, false),
  SUB("-", 4, false),
  MUL("*", 5, false),
  DIV("/", 5, false),
  MOD("%", 5, false),
  ATAN2("atan2", 5, false),
  POW("^", 6, false);

  private final String text;
  private final int precedence;
  private final boolean comparison;

  BinaryOp(String text, int precedence, boolean comparison) {
    this.text = text;
    this.precedence = precedence;
    this.comparison = comparison;
  }

  public String text() {
    return text;
  }

  public int precedence() {
    return precedence;
  }

  public boolean isComparison() {
    return comparison;
  }

  /** {@code and}, {@code or}, {@code unless}. */
  public boolean isSetOperator() {
    return this == AND || this == OR || this == UNLESS;
  }

  /** Only {@code ^} is right-associative. */
  public boolean isRightAssociative() {
    return this == POW;
  }
}
