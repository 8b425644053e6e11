package io.promethium.promql.engine;

/**
 * The timestamps an expression is evaluated at: {@code start, start + interval, ..., end} (milliseconds).
 * An instant evaluation is a grid of one step. Immutable.
 */
record StepGrid(long start, long end, long interval) {
  static StepGrid instant(long t) {
    return new StepGrid(t, t, 0);
  }

  /** Number of steps: 0 for an empty grid (end before start), 1 for an instant. */
  int size() {
    if (end < start) {
      return 0;
    }
    if (interval <= 0) {
      return 1;
    }
    long n = (end - start) / interval + 1;
    if (n > Integer.MAX_VALUE - 8) {
      throw new QueryException(QueryException.Kind.BAD_DATA,
          "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
    }
    return (int) n;
  }

  long time(int i) {
    return start + i * interval;
  }
}
