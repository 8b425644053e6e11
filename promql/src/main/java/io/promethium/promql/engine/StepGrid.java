package io.promethium.promql.engine;

/**
 * The timestamps an expression is evaluated at: {@code start, start + interval, ..., end} (milliseconds).
 * An instant evaluation is a grid of one step. Immutable.
 */
record StepGrid(long start, long end, long interval) {
  static StepGrid instant(long t) {
    return new StepGrid(t, t, 0);
  }

  int size() {
    return interval <= 0 || end < start ? (end < start ? 0 : 1) : (int) ((end - start) / interval) + 1;
  }

  long time(int i) {
    return start + i * interval;
  }
}
