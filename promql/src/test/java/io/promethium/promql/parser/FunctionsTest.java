package io.promethium.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.FunctionSignature;
import io.promethium.promql.ast.ValueType;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The signature table against Prometheus 2.48's {@code functions.go}. */
class FunctionsTest {
  private static final List<String> PROMETHEUS_2_48 = List.of("abs", "absent", "absent_over_time", "acos",
      "acosh", "asin", "asinh", "atan", "atanh", "avg_over_time", "ceil", "changes", "clamp", "clamp_max",
      "clamp_min", "cos", "cosh", "count_over_time", "days_in_month", "day_of_month", "day_of_week",
      "day_of_year", "deg", "delta", "deriv", "exp", "floor", "histogram_count", "histogram_sum",
      "histogram_fraction", "histogram_quantile", "histogram_stddev", "histogram_stdvar", "holt_winters", "hour",
      "idelta", "increase", "irate", "label_join", "label_replace", "last_over_time", "ln", "log10", "log2",
      "mad_over_time", "max_over_time", "min_over_time", "minute", "month", "pi", "predict_linear",
      "present_over_time", "quantile_over_time", "rad", "rate", "resets", "round", "scalar", "sgn", "sin",
      "sinh", "sort", "sort_desc", "sqrt", "stddev_over_time", "stdvar_over_time", "sum_over_time", "tan",
      "tanh", "time", "timestamp", "vector", "year");

  @Test
  void hasExactlyPrometheusFunctions() {
    assertEquals(new TreeSet<>(PROMETHEUS_2_48), new TreeSet<>(Functions.all().keySet()));
    assertNull(Functions.get("Rate"), "function names are case-sensitive");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      rate               | range vector                                    | 0  | instant vector
      histogram_quantile | scalar,instant vector                           | 0  | instant vector
      histogram_fraction | scalar,scalar,instant vector                    | 0  | instant vector
      label_join         | instant vector,string,string,string             | -1 | instant vector
      label_replace      | instant vector,string,string,string,string      | 0  | instant vector
      round              | instant vector,scalar                           | 1  | instant vector
      hour               | instant vector                                  | 1  | instant vector
      holt_winters       | range vector,scalar,scalar                      | 0  | instant vector
      quantile_over_time | scalar,range vector                             | 0  | instant vector
      predict_linear     | range vector,scalar                             | 0  | instant vector
      clamp              | instant vector,scalar,scalar                    | 0  | instant vector
      vector             | scalar                                          | 0  | instant vector
      scalar             | instant vector                                  | 0  | scalar
      time               | ''                                              | 0  | scalar
      pi                 | ''                                              | 0  | scalar
      """)
  void signatures(String name, String args, int variadic, String ret) {
    FunctionSignature f = Functions.get(name);
    List<String> argNames = f.argTypes().stream().map(ValueType::documentedName).toList();
    assertEquals(args.isEmpty() ? List.of() : List.of(args.split(",")), argNames);
    assertEquals(variadic, f.variadic());
    assertEquals(ret, f.returnType().documentedName());
  }

  @Test
  void everyFunctionAcceptsItsOwnSignature() {
    // Build a call of every function from well-typed arguments and check it type-checks and round-trips.
    for (FunctionSignature f : Functions.all().values()) {
      List<String> args = f.argTypes().stream().map(t -> switch (t) {
        case SCALAR -> "1";
        case STRING -> "\"s\"";
        case VECTOR -> "up";
        case MATRIX -> "up[5m]";
      }).toList();
      String q = f.name() + "(" + String.join(", ", args) + ")";
      Expr e = PromQLParser.parseExpr(q);
      assertEquals(q, e.toString());
      assertEquals(f.returnType(), e.type());
    }
  }

  @Test
  void longOperatorChainsParseAndPrint() {
    String q = "a" + " + a".repeat(20_000);
    Expr e = PromQLParser.parseExpr(q);
    assertEquals(q, e.toString());
  }
}
