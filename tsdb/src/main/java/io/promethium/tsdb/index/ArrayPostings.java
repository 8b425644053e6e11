package io.promethium.tsdb.index;

/** Postings over a sorted {@code long[]}; {@link #seek} gallops then binary-searches. Not thread-safe. */
final class ArrayPostings implements Postings {
  private final long[] refs;
  private final int n;
  private int i = -1;

  ArrayPostings(long[] refs, int n) {
    this.refs = refs;
    this.n = n;
  }

  @Override
  public boolean next() {
    if (i < n) {
      i++;
    }
    return i < n;
  }

  @Override
  public boolean seek(long v) {
    if (i < 0) {
      i = 0;
    }
    if (i >= n) {
      return false;
    }
    if (refs[i] >= v) {
      return true;
    }
    int lo = i + 1;
    int step = 1;
    int hi = lo;
    while (hi < n && refs[hi] < v) {
      lo = hi + 1;
      step <<= 1;
      hi = i + step;
    }
    hi = Math.min(hi, n);
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (refs[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    i = lo;
    return i < n;
  }

  @Override
  public long at() {
    return refs[i];
  }
}
