package io.promethium.promql.engine;

import io.promethium.core.labels.Labels;

/**
 * Series of a range-vector expression (matrix selector or subquery) with their samples, one series at a
 * time. The arrays belong to the source and are overwritten by the next {@link #next()}; stale markers are
 * already removed. Not thread-safe.
 */
interface RangeSource extends AutoCloseable {
  boolean next();

  Labels labels();

  long[] times();

  double[] values();

  int size();

  @Override
  void close();
}
