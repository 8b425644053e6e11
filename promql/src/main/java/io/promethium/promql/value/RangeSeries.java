package io.promethium.promql.value;

import io.promethium.core.labels.Labels;

/**
 * One series of a matrix: labels and points held in two primitive arrays (no object per point). The first
 * {@code size} entries are valid; timestamps are in milliseconds and increasing.
 */
public record RangeSeries(Labels labels, long[] timestamps, double[] values, int size) {
  public long timestamp(int i) {
    return timestamps[i];
  }

  public double value(int i) {
    return values[i];
  }
}
