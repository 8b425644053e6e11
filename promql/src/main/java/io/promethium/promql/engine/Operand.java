package io.promethium.promql.engine;

import java.util.List;

/** An evaluated instant-typed expression over a {@link StepGrid}: scalar, string or instant vector. */
sealed interface Operand {
  /** A scalar at every step. */
  record ScalarOperand(double[] values) implements Operand {}

  /** A string (only literals produce strings). */
  record StringOperand(String value) implements Operand {}

  /**
   * An instant vector over the steps. For a one-step grid the list order is the result order Prometheus
   * would return (it matters for {@code sort} and {@code topk}).
   */
  record VectorOperand(List<StepSeries> series) implements Operand {
    long pointCount() {
      long n = 0;
      for (StepSeries s : series) {
        n += s.presentCount();
      }
      return n;
    }
  }
}
