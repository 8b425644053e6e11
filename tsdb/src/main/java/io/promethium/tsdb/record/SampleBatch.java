package io.promethium.tsdb.record;

import java.util.Arrays;

/**
 * Float samples as parallel primitive arrays (series ref, timestamp, value), filled by an appender or a
 * decoder and reused across batches so that the per-sample path does not allocate. Not thread-safe.
 */
public final class SampleBatch {
  private long[] refs;
  private long[] timestamps;
  private double[] values;
  private int size;

  public SampleBatch() {
    this(64);
  }

  public SampleBatch(int capacity) {
    int c = Math.max(4, capacity);
    refs = new long[c];
    timestamps = new long[c];
    values = new double[c];
  }

  public void clear() {
    size = 0;
  }

  public int size() {
    return size;
  }

  public void add(long ref, long t, double v) {
    if (size == refs.length) {
      int c = refs.length * 2;
      refs = Arrays.copyOf(refs, c);
      timestamps = Arrays.copyOf(timestamps, c);
      values = Arrays.copyOf(values, c);
    }
    refs[size] = ref;
    timestamps[size] = t;
    values[size] = v;
    size++;
  }

  public long ref(int i) {
    return refs[i];
  }

  public long timestamp(int i) {
    return timestamps[i];
  }

  public double value(int i) {
    return values[i];
  }
}
