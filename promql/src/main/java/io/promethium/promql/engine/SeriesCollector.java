package io.promethium.promql.engine;

import io.promethium.core.labels.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects output samples keyed by label set, merging series that end up with equal labels (after a
 * function dropped the metric name, say) and failing as Prometheus does when two land on the same step.
 * Keeps first-insertion order. Not thread-safe.
 */
final class SeriesCollector {
  static final String DUPLICATE_LABELSET = "vector cannot contain metrics with the same labelset";

  private final int steps;
  private final Map<Labels, double[]> columns = new LinkedHashMap<>();

  SeriesCollector(int steps) {
    this.steps = steps;
  }

  /** The output column for these labels, created (all absent) on first use. */
  double[] column(Labels labels) {
    double[] c = columns.get(labels);
    if (c == null) {
      c = StepSeries.newColumn(steps);
      columns.put(labels, c);
    }
    return c;
  }

  /** Sets a value, failing if the column already holds one at this step. */
  static void put(double[] column, int step, double value) {
    if (!StepSeries.absent(column[step])) {
      throw new QueryException(QueryException.Kind.EXECUTION, DUPLICATE_LABELSET);
    }
    column[step] = value;
  }

  /** Copies every present value of {@code src} into the column for {@code labels}. */
  void merge(Labels labels, double[] src) {
    double[] existing = columns.get(labels);
    if (existing == null) {
      columns.put(labels, src);
      return;
    }
    for (int i = 0; i < src.length; i++) {
      if (!StepSeries.absent(src[i])) {
        put(existing, i, src[i]);
      }
    }
  }

  /** The collected series that have at least one sample. */
  Operand.VectorOperand result() {
    List<StepSeries> out = new ArrayList<>(columns.size());
    for (Map.Entry<Labels, double[]> e : columns.entrySet()) {
      double[] v = e.getValue();
      for (double x : v) {
        if (!StepSeries.absent(x)) {
          out.add(new StepSeries(e.getKey(), v));
          break;
        }
      }
    }
    return new Operand.VectorOperand(out);
  }
}
