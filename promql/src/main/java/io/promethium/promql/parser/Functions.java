package io.promethium.promql.parser;

import static io.promethium.promql.ast.ValueType.MATRIX;
import static io.promethium.promql.ast.ValueType.SCALAR;
import static io.promethium.promql.ast.ValueType.STRING;
import static io.promethium.promql.ast.ValueType.VECTOR;

import io.promethium.promql.ast.FunctionSignature;
import io.promethium.promql.ast.ValueType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The signatures of every PromQL function of Prometheus 2.48, as the parser checks calls against them.
 *
 * <p>{@link FunctionSignature#variadic()} has Prometheus's meaning: 0 means exactly {@code argTypes.size()}
 * arguments; otherwise at least {@code argTypes.size() - 1}, and at most {@code argTypes.size() - 1 +
 * variadic} when {@code variadic > 0} (unbounded when -1, label_join). Extra arguments take the type of the
 * last argument. Immutable and thread-safe.
 */
public final class Functions {
  private static final Map<String, FunctionSignature> BY_NAME;

  static {
    Map<String, FunctionSignature> m = new TreeMap<>();
    for (String name : List.of("abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos",
        "cosh", "deg", "exp", "floor", "histogram_count", "histogram_sum", "histogram_stddev",
        "histogram_stdvar", "ln", "log10", "log2", "rad", "sgn", "sin", "sinh", "sort", "sort_desc", "sqrt",
        "tan", "tanh", "timestamp", "absent")) {
      add(m, name, List.of(VECTOR), 0, VECTOR);
    }
    for (String name : List.of("absent_over_time", "avg_over_time", "changes", "count_over_time", "delta",
        "deriv", "idelta", "increase", "irate", "last_over_time", "mad_over_time", "max_over_time",
        "min_over_time", "present_over_time", "rate", "resets", "stddev_over_time", "stdvar_over_time",
        "sum_over_time")) {
      add(m, name, List.of(MATRIX), 0, VECTOR);
    }
    for (String name : List.of("days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour",
        "minute", "month", "year")) {
      add(m, name, List.of(VECTOR), 1, VECTOR);
    }
    add(m, "clamp", List.of(VECTOR, SCALAR, SCALAR), 0, VECTOR);
    add(m, "clamp_max", List.of(VECTOR, SCALAR), 0, VECTOR);
    add(m, "clamp_min", List.of(VECTOR, SCALAR), 0, VECTOR);
    add(m, "histogram_fraction", List.of(SCALAR, SCALAR, VECTOR), 0, VECTOR);
    add(m, "histogram_quantile", List.of(SCALAR, VECTOR), 0, VECTOR);
    add(m, "holt_winters", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR);
    add(m, "label_join", List.of(VECTOR, STRING, STRING, STRING), -1, VECTOR);
    add(m, "label_replace", List.of(VECTOR, STRING, STRING, STRING, STRING), 0, VECTOR);
    add(m, "pi", List.of(), 0, SCALAR);
    add(m, "predict_linear", List.of(MATRIX, SCALAR), 0, VECTOR);
    add(m, "quantile_over_time", List.of(SCALAR, MATRIX), 0, VECTOR);
    add(m, "round", List.of(VECTOR, SCALAR), 1, VECTOR);
    add(m, "scalar", List.of(VECTOR), 0, SCALAR);
    add(m, "time", List.of(), 0, SCALAR);
    add(m, "vector", List.of(SCALAR), 0, VECTOR);
    BY_NAME = Collections.unmodifiableMap(m);
  }

  private Functions() {}

  private static void add(Map<String, FunctionSignature> m, String name, List<ValueType> args, int variadic,
      ValueType ret) {
    m.put(name, new FunctionSignature(name, args, variadic, ret));
  }

  /** The signature of the function spelled {@code name} (case-sensitive, as in Prometheus), or null. */
  public static FunctionSignature get(String name) {
    return BY_NAME.get(name);
  }

  /** All signatures by name, sorted. */
  public static Map<String, FunctionSignature> all() {
    return BY_NAME;
  }
}
