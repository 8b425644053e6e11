package io.promethium.promql.engine;

import io.promethium.core.labels.Labels;
import io.promethium.promql.functions.RangeFunction;

/**
 * One series of an instant-vector expression over all steps of a {@link StepGrid}: {@code values[i]} is
 * the value at step i, or the {@link #ABSENT} marker where the series has no sample. Columnar so that
 * per-series work (labels, grouping keys, match signatures) happens once per query, not once per step.
 */
record StepSeries(Labels labels, double[] values) {
  /** Marker for "no sample at this step"; compare with {@link #absent(double)}. */
  static final double ABSENT = RangeFunction.NO_VALUE;

  static boolean absent(double v) {
    return RangeFunction.isNoValue(v);
  }

  static double[] newColumn(int steps) {
    double[] v = new double[steps];
    java.util.Arrays.fill(v, ABSENT);
    return v;
  }

  int presentCount() {
    int n = 0;
    for (double v : values) {
      if (!absent(v)) {
        n++;
      }
    }
    return n;
  }
}
