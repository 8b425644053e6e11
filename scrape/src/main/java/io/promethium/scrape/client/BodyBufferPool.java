package io.promethium.scrape.client;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Body arrays shared by all targets of a client, like Prometheus's bucketed buffer pool: a target holds an
 * array only while its scrape is fetched and ingested, so memory follows the scrapes in flight rather
 * than the number of targets. Power-of-two size classes from 4 KiB to 64 MiB; at most
 * {@code maxPooledBytes} are kept idle (the rest is left to the GC); larger arrays are never pooled.
 * Thread-safe and lock-free.
 */
final class BodyBufferPool {
  static final int MIN_CLASS_BITS = 12;
  static final int MAX_CLASS_BITS = 26;

  private final ConcurrentLinkedDeque<byte[]>[] classes;
  private final AtomicLong pooledBytes = new AtomicLong();
  private final long maxPooledBytes;

  @SuppressWarnings("unchecked")
  BodyBufferPool(long maxPooledBytes) {
    this.maxPooledBytes = maxPooledBytes;
    classes = new ConcurrentLinkedDeque[MAX_CLASS_BITS - MIN_CLASS_BITS + 1];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = new ConcurrentLinkedDeque<>();
    }
  }

  /** The size class an array of at least {@code size} bytes comes from, or -1 when too big to pool. */
  static int classOf(long size) {
    if (size <= 1L << MIN_CLASS_BITS) {
      return 0;
    }
    int bits = 64 - Long.numberOfLeadingZeros(size - 1);
    return bits > MAX_CLASS_BITS ? -1 : bits - MIN_CLASS_BITS;
  }

  /** An array of at least {@code size} bytes (capped at {@code max}); contents are garbage. */
  byte[] take(long size, long max) {
    int c = classOf(size);
    if (c < 0) {
      return new byte[(int) Math.min(size, max)];
    }
    byte[] a = classes[c].pollFirst();
    if (a != null) {
      pooledBytes.addAndGet(-a.length);
      return a;
    }
    long classSize = 1L << (c + MIN_CLASS_BITS);
    return new byte[(int) Math.max(Math.min(classSize, max), Math.min(size, max))];
  }

  /** Returns an array for reuse; odd sizes (capped by a limit) and overflow are dropped. */
  void give(byte[] a) {
    int c = classOf(a.length);
    if (c < 0 || a.length != 1 << (c + MIN_CLASS_BITS)) {
      return;
    }
    if (pooledBytes.addAndGet(a.length) > maxPooledBytes) {
      pooledBytes.addAndGet(-a.length);
      return;
    }
    classes[c].offerFirst(a);
  }

  /** Bytes held idle, for tests. */
  long pooledBytes() {
    return pooledBytes.get();
  }
}
