package io.promethium.core.metrics;

/** A value that goes up and down. Thread-safe. */
public final class Gauge {
  private volatile double value;

  public void set(double v) {
    value = v;
  }

  public synchronized void add(double v) {
    value += v;
  }

  public void inc() {
    add(1);
  }

  public void dec() {
    add(-1);
  }

  public double get() {
    return value;
  }
}
