package io.promethium.promql.engine;

import io.promethium.promql.ast.BinaryOp;

/**
 * Element-wise binary operators with Go's float semantics (where Java differs, e.g. {@code pow(1, NaN)} is 1
 * in Go). Stateless.
 */
final class ArithmeticOps {
  private ArithmeticOps() {}

  /** The arithmetic result of {@code l op r}; for comparisons 1 when true and 0 when false. */
  static double apply(BinaryOp op, double l, double r) {
    return switch (op) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> l / r;
      case POW -> pow(l, r);
      case MOD -> l % r;
      case ATAN2 -> Math.atan2(l, r);
      case EQLC -> l == r ? 1 : 0;
      case NEQ -> l != r ? 1 : 0;
      case GTR -> l > r ? 1 : 0;
      case LSS -> l < r ? 1 : 0;
      case GTE -> l >= r ? 1 : 0;
      case LTE -> l <= r ? 1 : 0;
      default -> throw new IllegalArgumentException("not an arithmetic or comparison operator: " + op);
    };
  }

  /** Whether a comparison holds. */
  static boolean compare(BinaryOp op, double l, double r) {
    return switch (op) {
      case EQLC -> l == r;
      case NEQ -> l != r;
      case GTR -> l > r;
      case LSS -> l < r;
      case GTE -> l >= r;
      case LTE -> l <= r;
      default -> throw new IllegalArgumentException("not a comparison operator: " + op);
    };
  }

  /** Go's {@code math.Pow}: 1 for a base of 1 (even with a NaN exponent) and for -1 to an infinite power. */
  static double pow(double x, double y) {
    if (x == 1 || (x == -1 && Double.isInfinite(y))) {
      return 1;
    }
    return Math.pow(x, y);
  }

  /** Arithmetic operators drop the metric name from their result; comparisons and set operators keep it. */
  static boolean dropsMetricName(BinaryOp op) {
    return switch (op) {
      case ADD, SUB, MUL, DIV, MOD, POW, ATAN2 -> true;
      default -> false;
    };
  }
}
