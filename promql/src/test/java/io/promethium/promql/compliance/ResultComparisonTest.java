package io.promethium.promql.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ResultComparisonTest {
  static Stream<Arguments> values() {
    double inf = Double.POSITIVE_INFINITY;
    return Stream.of(
        Arguments.of(1.0, 1.0, true),
        Arguments.of(1e9, 1e9 + 999, true),
        Arguments.of(1e9, 1e9 + 1001, false),
        Arguments.of(0.0, 1e-300, false),
        Arguments.of(-0.0, 0.0, true),
        Arguments.of(Double.NaN, Double.NaN, true),
        Arguments.of(Double.NaN, 0.0, false),
        Arguments.of(0.0, Double.NaN, false),
        Arguments.of(inf, inf, true),
        Arguments.of(inf, -inf, false),
        Arguments.of(inf, Double.MAX_VALUE, false),
        Arguments.of(-2.0, 2.0, false));
  }

  @ParameterizedTest(name = "{0} vs {1}")
  @MethodSource("values")
  void sameValue(double a, double b, boolean same) {
    assertEquals(same, ResultComparison.sameValue(a, b));
  }

  private static RangeResult.Series s(String instance, long[] t, double... v) {
    return new RangeResult.Series(Labels.of("instance", instance), t, v);
  }

  @Test
  void equalResultsHaveNoDiff() {
    RangeResult a = RangeResult.success(List.of(s("a", new long[] {1, 2}, 1, Double.NaN)));
    RangeResult b = RangeResult.success(List.of(s("a", new long[] {1, 2}, 1, Double.NaN)));
    assertEquals("", ResultComparison.diff(a, b));
    assertEquals("", ResultComparison.diff(RangeResult.success(List.of()), RangeResult.success(List.of())));
  }

  @Test
  void reportsValuesPointsAndSeries() {
    RangeResult ref = RangeResult.success(List.of(s("a", new long[] {1000, 2000, 3000}, 1, 2, 3),
        s("b", new long[] {1000}, 5)));
    RangeResult test = RangeResult.success(List.of(s("a", new long[] {1000, 3000, 4000}, 1, 3.5, 4),
        s("c", new long[] {1000}, 5)));
    String d = ResultComparison.diff(ref, test);
    assertEquals("""
          series {instance="a"}:
            t=2000: prometheus 2.0, promethium no point
            t=3000: prometheus 3.0, promethium 3.5
            t=4000: prometheus no point, promethium 4.0
          only in prometheus (1):
            {instance="b"} (1 points)
          only in promethium (1):
            {instance="c"} (1 points)
        """, d);
  }

  @Test
  void orderMattersOnlyWhenAsked() {
    RangeResult ab = RangeResult.success("vector", List.of(s("a", new long[] {1}, 1), s("b", new long[] {1}, 2)));
    RangeResult ba = RangeResult.success("vector", List.of(s("b", new long[] {1}, 2), s("a", new long[] {1}, 1)));
    assertEquals("", ResultComparison.diff(ab, ba));
    assertEquals("", ResultComparison.orderDiff(ab, ab));
    assertEquals("""
          order differs:
            prometheus [{instance="a"}, {instance="b"}]
            promethium [{instance="b"}, {instance="a"}]
        """, ResultComparison.orderDiff(ab, ba));
  }

  @Test
  void resultTypesMustMatch() {
    RangeResult scalar = RangeResult.success("scalar", List.of(new RangeResult.Series(Labels.EMPTY, new long[] {1},
        new double[] {1})));
    RangeResult vector = RangeResult.success("vector", List.of(new RangeResult.Series(Labels.EMPTY, new long[] {1},
        new double[] {1})));
    assertEquals("  result type: prometheus scalar, promethium vector\n", ResultComparison.diff(scalar, vector));
  }

  @Test
  void capsLongDiffs() {
    long[] t = new long[100];
    double[] v = new double[100];
    double[] w = new double[100];
    for (int i = 0; i < t.length; i++) {
      t[i] = i;
      v[i] = i;
      w[i] = i + 0.5;
    }
    String d = ResultComparison.diff(RangeResult.success(List.of(s("a", t, v))),
        RangeResult.success(List.of(s("a", t, w))));
    assertTrue(d.contains("... 100 differing points of 100 (prometheus) / 100 (promethium)"), d);
    assertEquals(6, d.lines().count(), d);
  }
}
