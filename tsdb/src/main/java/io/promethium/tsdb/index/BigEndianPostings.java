package io.promethium.tsdb.index;

import java.nio.ByteBuffer;

/**
 * A postings list read in place from a mapped index: {@code count} 4-byte big-endian unsigned series
 * references starting at {@code offset}. No copy. Not thread-safe.
 */
final class BigEndianPostings implements Postings {
  private final ByteBuffer buf;
  private final int offset;
  private final int count;
  private int i = -1;
  private long cur;

  BigEndianPostings(ByteBuffer buf, int offset, int count) {
    this.buf = buf;
    this.offset = offset;
    this.count = count;
  }

  private long get(int idx) {
    return buf.getInt(offset + (idx << 2)) & 0xFFFFFFFFL;
  }

  @Override
  public boolean next() {
    if (i + 1 >= count) {
      i = count;
      return false;
    }
    cur = get(++i);
    return true;
  }

  @Override
  public boolean seek(long v) {
    if (i < 0) {
      if (!next()) {
        return false;
      }
    }
    if (i >= count) {
      return false;
    }
    if (cur >= v) {
      return true;
    }
    int lo = i + 1;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (get(mid) < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    i = lo;
    if (i >= count) {
      return false;
    }
    cur = get(i);
    return true;
  }

  @Override
  public long at() {
    return cur;
  }
}
