package io.promethium.core.metrics;

import java.util.concurrent.atomic.DoubleAdder;

/** A monotonically increasing value. Thread-safe; cheap under contention. */
public final class Counter {
  private final DoubleAdder value = new DoubleAdder();

  public void inc() {
    value.add(1);
  }

  public void add(double v) {
    if (v < 0) {
      throw new IllegalArgumentException("counter cannot decrease");
    }
    value.add(v);
  }

  public double get() {
    return value.sum();
  }
}
