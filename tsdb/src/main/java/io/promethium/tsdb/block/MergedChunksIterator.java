package io.promethium.tsdb.block;

import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.StorageException;
import java.util.Arrays;

/**
 * Samples of a block series whose chunks overlap in time (out-of-order data): all of them are decoded up
 * front, sorted by timestamp and deduplicated (the first of equal timestamps wins), so the caller still
 * sees increasing timestamps. Allocates per series; only used when chunks overlap. Not thread-safe.
 */
final class MergedChunksIterator implements SampleIterator {
  private final long[] ts;
  private final long[] vs;
  private final int n;
  private final StorageException error;
  private int i = -1;

  MergedChunksIterator(SampleIterator unordered) {
    long[] t = new long[256];
    long[] v = new long[256];
    int k = 0;
    while (unordered.next()) {
      if (k == t.length) {
        t = Arrays.copyOf(t, k * 2);
        v = Arrays.copyOf(v, k * 2);
      }
      t[k] = unordered.timestamp();
      v[k] = Double.doubleToRawLongBits(unordered.value());
      k++;
    }
    error = unordered.error();
    Integer[] idx = new Integer[k];
    for (int j = 0; j < k; j++) {
      idx[j] = j;
    }
    final long[] tt = t;
    Arrays.sort(idx, (a, b) -> Long.compare(tt[a], tt[b]));
    ts = new long[k];
    vs = new long[k];
    int m = 0;
    for (int j = 0; j < k; j++) {
      int x = idx[j];
      if (m > 0 && ts[m - 1] == t[x]) {
        continue;
      }
      ts[m] = t[x];
      vs[m] = v[x];
      m++;
    }
    n = m;
  }

  @Override
  public boolean next() {
    if (i < n) {
      i++;
    }
    return i < n;
  }

  @Override
  public boolean seek(long t) {
    if (i < 0) {
      i = 0;
    }
    while (i < n && ts[i] < t) {
      i++;
    }
    return i < n;
  }

  @Override
  public long timestamp() {
    return ts[i];
  }

  @Override
  public double value() {
    return Double.longBitsToDouble(vs[i]);
  }

  @Override
  public StorageException error() {
    return error;
  }
}
