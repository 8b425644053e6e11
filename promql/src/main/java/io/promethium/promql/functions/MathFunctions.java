package io.promethium.promql.functions;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * The element-wise math functions of PromQL ({@code abs}, {@code ln}, the trigonometric and hyperbolic
 * functions, {@code deg}, {@code rad}, {@code sgn}, ...) by name. Stateless and thread-safe.
 */
public final class MathFunctions {
  private static final double LN2 = Math.log(2);

  private static final Map<String, DoubleUnaryOperator> BY_NAME = Map.ofEntries(
      Map.entry("abs", Math::abs),
      Map.entry("ceil", Math::ceil),
      Map.entry("floor", Math::floor),
      Map.entry("exp", Math::exp),
      Map.entry("sqrt", Math::sqrt),
      Map.entry("ln", Math::log),
      Map.entry("log2", MathFunctions::log2),
      Map.entry("log10", Math::log10),
      Map.entry("sgn", MathFunctions::sgn),
      Map.entry("sin", Math::sin),
      Map.entry("cos", Math::cos),
      Map.entry("tan", Math::tan),
      Map.entry("asin", Math::asin),
      Map.entry("acos", Math::acos),
      Map.entry("atan", Math::atan),
      Map.entry("sinh", Math::sinh),
      Map.entry("cosh", Math::cosh),
      Map.entry("tanh", Math::tanh),
      Map.entry("asinh", MathFunctions::asinh),
      Map.entry("acosh", MathFunctions::acosh),
      Map.entry("atanh", MathFunctions::atanh),
      Map.entry("deg", v -> v * 180 / Math.PI),
      Map.entry("rad", v -> v * Math.PI / 180));

  private MathFunctions() {}

  /** The function called {@code name}, or null if it is not an element-wise math function. */
  public static DoubleUnaryOperator byName(String name) {
    return BY_NAME.get(name);
  }

  /** Exact for powers of two, as Go's {@code math.Log2}. */
  static double log2(double x) {
    if (x > 0 && !Double.isInfinite(x)) {
      int exp = Math.getExponent(x);
      if (exp >= Double.MIN_EXPONENT && x == Math.scalb(1.0, exp)) {
        return exp;
      }
    }
    return Math.log(x) / LN2;
  }

  static double sgn(double v) {
    if (v < 0) {
      return -1;
    }
    if (v > 0) {
      return 1;
    }
    return v;
  }

  private static final double NEAR_ZERO = 0x1p-28;
  private static final double LARGE = 0x1p28;

  /** As Go's {@code math.Asinh} (FreeBSD's s_asinh.c): exact for tiny inputs, no overflow for huge ones. */
  static double asinh(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return x;
    }
    double a = Math.abs(x);
    double r;
    if (a > LARGE) {
      r = Math.log(a) + LN2;
    } else if (a > 2) {
      r = Math.log(2 * a + 1 / (Math.sqrt(a * a + 1) + a));
    } else if (a < NEAR_ZERO) {
      r = a;
    } else {
      r = Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
    }
    return x < 0 ? -r : r;
  }

  /** As Go's {@code math.Acosh}. */
  static double acosh(double x) {
    if (x < 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return 0;
    }
    if (x >= LARGE) {
      return Math.log(x) + LN2;
    }
    if (x > 2) {
      return Math.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
    }
    double t = x - 1;
    return Math.log1p(t + Math.sqrt(2 * t + t * t));
  }

  /** As Go's {@code math.Atanh}. */
  static double atanh(double x) {
    if (x < -1 || x > 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    double a = Math.abs(x);
    double r;
    if (a < NEAR_ZERO) {
      r = a;
    } else if (a < 0.5) {
      double t = a + a;
      r = 0.5 * Math.log1p(t + t * a / (1 - a));
    } else {
      r = 0.5 * Math.log1p((a + a) / (1 - a));
    }
    return x < 0 ? -r : r;
  }
}
