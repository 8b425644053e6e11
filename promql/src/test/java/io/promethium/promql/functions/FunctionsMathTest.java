package io.promethium.promql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The function maths against values worked out by hand from Prometheus 2.48's definitions. */
class FunctionsMathTest {
  private static SampleWindow window(long rangeStart, long rangeEnd, long[] t, double[] v) {
    SampleWindow w = new SampleWindow().set(t, v, 0, t.length);
    w.rangeStart = rangeStart;
    w.rangeEnd = rangeEnd;
    w.range = rangeEnd - rangeStart;
    w.evalTime = rangeEnd;
    return w;
  }

  static Stream<Arguments> rates() {
    long[] t = {0, 15_000, 30_000, 45_000, 60_000};
    double[] up = {0, 10, 20, 30, 40};
    double[] upFrom100 = {100, 110, 120, 130, 140};
    double[] reset = {10, 20, 5, 15, 25};
    return Stream.of(
        // Samples cover the window exactly: no extrapolation, 40 over 60s.
        Arguments.of("rate exact", RateFunctions.RATE, window(0, 60_000, t, up), 40.0 / 60),
        Arguments.of("increase exact", RateFunctions.INCREASE, window(0, 60_000, t, up), 40.0),
        // Window starts 30s before the first sample: a counter starting at 0 is not extrapolated below zero.
        Arguments.of("increase zero clamp", RateFunctions.INCREASE, window(-30_000, 60_000, t, up), 40.0),
        // Starting at 100 the zero point is far away: extrapolate by half an interval (7.5s) at the start.
        Arguments.of("increase half interval", RateFunctions.INCREASE, window(-30_000, 60_000, t, upFrom100),
            40.0 * (60 + 7.5) / 60),
        // A gauge (delta) extrapolates the same without the zero clamp.
        Arguments.of("delta half interval", RateFunctions.DELTA, window(-30_000, 60_000, t, up), 40.0 * 67.5 / 60),
        // Close to the boundary (10s < 1.1 * 15s): extrapolate all the way.
        Arguments.of("delta to boundary", RateFunctions.DELTA, window(-10_000, 60_000, t, upFrom100), 40.0 * 70 / 60),
        // A reset from 20 to 5 adds 20: 25 - 10 + 20 = 35.
        Arguments.of("increase with reset", RateFunctions.INCREASE, window(0, 60_000, t, reset), 35.0),
        Arguments.of("irate reset", RateFunctions.IRATE, window(0, 60_000, t, reset), 10.0 / 15),
        Arguments.of("irate after reset", RateFunctions.IRATE,
            window(0, 60_000, new long[] {0, 10_000}, new double[] {20, 5}), 0.5),
        Arguments.of("idelta", RateFunctions.IDELTA, window(0, 60_000, t, reset), 10.0),
        Arguments.of("one sample", RateFunctions.RATE, window(0, 60_000, new long[] {5}, new double[] {1}),
            RangeFunction.NO_VALUE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rates")
  void rateFamily(String name, RangeFunction f, SampleWindow w, double want) {
    double got = f.apply(w);
    if (RangeFunction.isNoValue(want)) {
      assertTrue(RangeFunction.isNoValue(got), name + ": expected no value, got " + got);
    } else {
      assertEquals(want, got, 1e-12, name);
    }
  }

  @Test
  void linearRegressionFitsALine() {
    long[] t = {0, 10_000, 20_000, 30_000};
    double[] v = {5, 7, 9, 11}; // slope 0.2/s
    SampleWindow w = window(0, 30_000, t, v);
    assertEquals(0.2, LinearRegression.deriv().apply(w), 1e-12);
    w.param0 = 100; // predict 100s after the evaluation time (30s): 11 + 20
    assertEquals(31, LinearRegression.predictLinear().apply(w), 1e-9);
    SampleWindow flat = window(0, 30_000, t, new double[] {3, 3, 3, 3});
    assertEquals(0, LinearRegression.deriv().apply(flat));
    SampleWindow inf = window(0, 30_000, t, new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY});
    assertTrue(Double.isNaN(LinearRegression.deriv().apply(inf)));
  }

  @Test
  void holtWintersValidatesFactors() {
    SampleWindow w = window(0, 30_000, new long[] {0, 10_000, 20_000}, new double[] {1, 2, 3});
    w.param0 = 0.5;
    w.param1 = 0.5;
    // s: 1 -> (0.5*2 + 0.5*(1+1)) = 2 -> b = 0.5*(2-1) + 0.5*1 = 1 -> 0.5*3 + 0.5*(2+1) = 3
    assertEquals(3, HoltWinters.INSTANCE.apply(w), 1e-12);
    w.param1 = 1;
    FunctionException e = assertThrows(FunctionException.class, () -> HoltWinters.INSTANCE.apply(w));
    assertEquals("invalid trend factor. Expected: 0 < tf < 1, got: 1.000000", e.getMessage());
  }

  @Test
  void overTimeAggregates() {
    OverTimeFunctions f = new OverTimeFunctions();
    long[] t = {0, 1, 2, 3};
    SampleWindow w = window(0, 3, t, new double[] {1, 2, 3, 4});
    assertEquals(2.5, f.avg.apply(w));
    assertEquals(10, f.sum.apply(w));
    assertEquals(1.25, f.stdvar.apply(w), 1e-12);
    assertEquals(Math.sqrt(1.25), f.stddev.apply(w), 1e-12);
    w.param0 = 0.5;
    assertEquals(2.5, f.quantile.apply(w));
    assertEquals(1, f.mad.apply(w));
    assertEquals(3, OverTimeFunctions.CHANGES.apply(w));
    assertEquals(0, OverTimeFunctions.RESETS.apply(w));
    // Infinite mean stays infinite; NaN in max is replaced by numbers.
    SampleWindow inf = window(0, 3, t, new double[] {Double.POSITIVE_INFINITY, 1, 2, 3});
    assertEquals(Double.POSITIVE_INFINITY, f.avg.apply(inf));
    SampleWindow nan = window(0, 3, t, new double[] {Double.NaN, 1, Double.NaN, 3});
    assertEquals(3, OverTimeFunctions.MAX.apply(nan));
    assertEquals(1, OverTimeFunctions.MIN.apply(nan));
    assertEquals(2, OverTimeFunctions.CHANGES.apply(window(0, 3, t, new double[] {Double.NaN, Double.NaN, 1, 2})));
  }

  static Stream<Arguments> bucketQuantiles() {
    double inf = Double.POSITIVE_INFINITY;
    return Stream.of(
        Arguments.of(0.5, new double[] {1, 2, inf}, new double[] {10, 20, 20}, 1.0),
        Arguments.of(0.25, new double[] {1, 2, inf}, new double[] {10, 20, 20}, 0.5),
        Arguments.of(0.75, new double[] {1, 2, inf}, new double[] {10, 20, 20}, 1.5),
        // Rank in the +Inf bucket: the highest finite bound.
        Arguments.of(0.99, new double[] {1, 2, inf}, new double[] {10, 20, 30}, 2.0),
        // First bucket with a non-positive bound returns that bound.
        Arguments.of(0.1, new double[] {-1, 2, inf}, new double[] {10, 20, 20}, -1.0),
        // No +Inf bucket, too few buckets, no observations: NaN.
        Arguments.of(0.5, new double[] {1, 2}, new double[] {10, 20}, Double.NaN),
        Arguments.of(0.5, new double[] {inf}, new double[] {10}, Double.NaN),
        Arguments.of(0.5, new double[] {1, inf}, new double[] {0, 0}, Double.NaN),
        // Out-of-range quantiles.
        Arguments.of(-0.5, new double[] {1, inf}, new double[] {1, 1}, Double.NEGATIVE_INFINITY),
        Arguments.of(1.5, new double[] {1, inf}, new double[] {1, 1}, inf),
        // Unsorted input and a non-monotonic count: 8 is raised to 10, so the rank 12 falls 2/5 into (2, 3].
        Arguments.of(0.8, new double[] {inf, 3, 2, 1}, new double[] {15, 15, 8, 10}, 2.4),
        // Duplicate bounds are added together.
        Arguments.of(0.5, new double[] {1, 1, 2, inf}, new double[] {5, 5, 20, 20}, 1.0));
  }

  @ParameterizedTest
  @MethodSource("bucketQuantiles")
  void bucketQuantile(double q, double[] bounds, double[] counts, double want) {
    BucketQuantile bq = new BucketQuantile();
    for (int i = 0; i < bounds.length; i++) {
      bq.add(bounds[i], counts[i]);
    }
    assertEquals(want, bq.quantile(q), 1e-12);
  }

  @Test
  void quantileSortsNaNFirst() {
    assertEquals(Double.NaN, Quantile.of(0, new double[] {3, Double.NaN, 1}, 3));
    assertEquals(2, Quantile.of(0.75, new double[] {3, Double.NaN, 1}, 3));
    assertEquals(2, Quantile.of(0.5, new double[] {1, 2, 3}, 3));
    assertEquals(Double.NaN, Quantile.of(0.5, new double[0], 0));
  }

  @Test
  void mathMatchesGo() {
    assertEquals(3.0, MathFunctions.byName("log2").applyAsDouble(8));
    assertEquals(-1074.0, MathFunctions.byName("log2").applyAsDouble(Double.MIN_VALUE));
    assertEquals(0.881373587019543, MathFunctions.byName("asinh").applyAsDouble(1), 1e-15);
    assertEquals(1.3169578969248166, MathFunctions.byName("acosh").applyAsDouble(2), 1e-15);
    assertEquals(0.5493061443340549, MathFunctions.byName("atanh").applyAsDouble(0.5), 1e-15);
    assertEquals(Double.NaN, MathFunctions.byName("acosh").applyAsDouble(0.5));
    // Tiny arguments come back unchanged (not rounded to zero by log(1 + x)).
    assertEquals(-1.5e-298, MathFunctions.byName("asinh").applyAsDouble(-1.5e-298));
    assertEquals(2e-300, MathFunctions.byName("atanh").applyAsDouble(2e-300));
    assertEquals(709.889355822726, MathFunctions.byName("asinh").applyAsDouble(1e308), 1e-12);
    assertEquals(-0.0, MathFunctions.byName("sgn").applyAsDouble(-0.0));
    assertEquals(180.0, MathFunctions.byName("deg").applyAsDouble(Math.PI), 1e-12);
    assertEquals(4, DateFunctions.byName("day_of_week").applyAsDouble(0)); // 1970-01-01 was a Thursday
    assertEquals(29, DateFunctions.byName("days_in_month").applyAsDouble(951_782_400)); // Feb 2000
  }
}
