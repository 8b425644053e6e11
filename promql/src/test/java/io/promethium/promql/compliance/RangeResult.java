package io.promethium.promql.compliance;

import io.promethium.core.labels.Labels;
import java.util.List;

/**
 * The outcome of one query on one system: either its result type ({@code matrix}, {@code vector}, {@code scalar},
 * {@code string}) and series, or its error text. A vector's series hold one point each; a scalar is one series
 * with no labels; a string is one series labelled {@code value=<the string>} holding one point of value 0.
 * Immutable.
 */
record RangeResult(String type, List<Series> series, String error) {
  /** One result series: labels and its points (milliseconds, values), in time order. */
  record Series(Labels labels, long[] t, double[] v) {}

  static RangeResult success(List<Series> series) {
    return success("matrix", series);
  }

  static RangeResult success(String type, List<Series> series) {
    return new RangeResult(type, List.copyOf(series), null);
  }

  static RangeResult failure(String error) {
    return new RangeResult(null, List.of(), error);
  }

  boolean failed() {
    return error != null;
  }
}
