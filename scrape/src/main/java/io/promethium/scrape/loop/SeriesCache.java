package io.promethium.scrape.loop;

import io.promethium.core.labels.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The scrape cache of one target (Prometheus's {@code scrapeCache}): maps the raw series text of a sample
 * line, e.g. {@code http_requests_total{code="200"}}, to its storage reference and final labels, so a
 * steady scrape does no label parsing, relabeling or label hashing — one hash of the bytes and one
 * {@link Arrays#equals} per sample. It also remembers series dropped by relabeling, and which series were
 * appended in which scrape iteration, for staleness.
 *
 * <p>A hand-written open-addressing table (linear probing, power-of-two capacity, load ≤ 0.5) over
 * parallel arrays: no {@code String} per line, no boxing, no entry objects. Keys are copied only when a
 * series is new. Entries unseen in a successful scrape are removed by {@link #iterDone(boolean)} by
 * rebuilding the table — only scrapes with series churn pay for it.
 *
 * <p>Not thread-safe: used by one scrape at a time (a scrape loop, or its successor after a reload, with a
 * happens-before hand-over).
 */
final class SeriesCache {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final int MIN_CAPACITY = 64;
  /** A dropped key has no reference: storage references are never 0. */
  private static final long DROPPED = 0;
  private static final long NEVER = Long.MIN_VALUE;

  private byte[][] keys;
  private int[] hashes;
  private long[] refs;
  private Labels[] labels;
  private long[] lastIter;
  private long[] trackedIter;
  private int mask;
  private int size;

  /** The current scrape iteration. */
  private long iter = 1;
  /** Entries whose {@code lastIter} became the current iteration (to know whether a flush has work). */
  private int seenThisIter;
  /** Size after the last successful scrape, for Prometheus's forced-flush heuristic. */
  private int successfulCount;
  private long forcedFlushes;

  public SeriesCache() {
    allocate(MIN_CAPACITY);
  }

  private void allocate(int capacity) {
    keys = new byte[capacity][];
    hashes = new int[capacity];
    refs = new long[capacity];
    labels = new Labels[capacity];
    lastIter = new long[capacity];
    trackedIter = new long[capacity];
    mask = capacity - 1;
    size = 0;
  }

  /** Number of entries (series and dropped keys). */
  public int size() {
    return size;
  }

  /** How often the cache was flushed because failed scrapes kept growing it. */
  public long forcedFlushes() {
    return forcedFlushes;
  }

  /** The slot of the series text {@code buf[start, end)}, or -1 when it is not cached. */
  public int find(byte[] buf, int start, int end) {
    int h = hash(buf, start, end);
    int i = h & mask;
    int len = end - start;
    while (true) {
      byte[] k = keys[i];
      if (k == null) {
        return -1;
      }
      if (hashes[i] == h && k.length == len && Arrays.equals(k, 0, len, buf, start, end)) {
        return i;
      }
      i = (i + 1) & mask;
    }
  }

  /** Whether the slot is a series dropped by relabeling. */
  public boolean isDropped(int slot) {
    return refs[slot] == DROPPED;
  }

  public long ref(int slot) {
    return refs[slot];
  }

  public Labels labels(int slot) {
    return labels[slot];
  }

  /** Marks the slot seen in this scrape; returns whether it had already been seen in it (a duplicate). */
  public boolean touch(int slot) {
    if (lastIter[slot] == iter) {
      return true;
    }
    lastIter[slot] = iter;
    seenThisIter++;
    return false;
  }

  /** Records that the slot's series got a sample without explicit timestamp in this scrape. */
  public void track(int slot) {
    trackedIter[slot] = iter;
  }

  /** Updates the reference of a cached series (the storage handed out a new one). */
  public void updateRef(int slot, long ref) {
    if (ref != DROPPED) {
      refs[slot] = ref;
    }
  }

  /** Caches a new series seen in this scrape; returns its slot. {@code ref} must not be 0. */
  public int add(byte[] buf, int start, int end, long ref, Labels lset) {
    if (ref == DROPPED) {
      throw new IllegalArgumentException("series reference 0");
    }
    return insert(buf, start, end, ref, lset);
  }

  /** Remembers a series text that relabeling dropped. */
  public int addDropped(byte[] buf, int start, int end) {
    return insert(buf, start, end, DROPPED, null);
  }

  private int insert(byte[] buf, int start, int end, long ref, Labels lset) {
    if ((size + 1) * 2 > keys.length) {
      rehash(keys.length * 2, false);
    }
    int h = hash(buf, start, end);
    int i = h & mask;
    while (keys[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = Arrays.copyOfRange(buf, start, end);
    hashes[i] = h;
    refs[i] = ref;
    labels[i] = lset;
    lastIter[i] = iter;
    trackedIter[i] = NEVER;
    size++;
    seenThisIter++;
    return i;
  }

  /** Receives the series to mark stale. */
  @FunctionalInterface
  public interface StaleConsumer {
    /** Returns false to stop. */
    boolean stale(long ref, Labels labels);
  }

  /**
   * Calls {@code f} for every series appended (without explicit timestamp) in the previous iteration and
   * not in this one: Prometheus's {@code forEachStale}.
   */
  public void forEachStale(StaleConsumer f) {
    long prev = iter - 1;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null && trackedIter[i] == prev && refs[i] != DROPPED) {
        if (!f.stale(refs[i], labels[i])) {
          return;
        }
      }
    }
  }

  /**
   * Ends a scrape iteration. With {@code flush} (a successful, non-empty scrape) entries not seen in it are
   * removed; a failed scrape keeps them, unless the cache has more than doubled since the last success
   * (plus 1000), as Prometheus forces a flush then so targets with varying labels that keep failing do not
   * grow it without bound.
   */
  public void iterDone(boolean flush) {
    if (flush) {
      successfulCount = size;
    } else if (size > successfulCount * 2 + 1000) {
      flush = true;
      forcedFlushes++;
    }
    if (flush && seenThisIter < size) {
      int live = 0;
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != null && lastIter[i] == iter) {
          live++;
        }
      }
      int capacity = MIN_CAPACITY;
      while (capacity < live * 2) {
        capacity <<= 1;
      }
      rehash(Math.max(capacity, MIN_CAPACITY), true);
      if (successfulCount > size) {
        successfulCount = size;
      }
    }
    iter++;
    seenThisIter = 0;
  }

  private void rehash(int capacity, boolean onlyCurrent) {
    byte[][] oldKeys = keys;
    int[] oldHashes = hashes;
    long[] oldRefs = refs;
    Labels[] oldLabels = labels;
    long[] oldLast = lastIter;
    long[] oldTracked = trackedIter;
    allocate(capacity);
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] == null || (onlyCurrent && oldLast[j] != iter)) {
        continue;
      }
      int i = oldHashes[j] & mask;
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = oldKeys[j];
      hashes[i] = oldHashes[j];
      refs[i] = oldRefs[j];
      labels[i] = oldLabels[j];
      lastIter[i] = oldLast[j];
      trackedIter[i] = oldTracked[j];
      size++;
    }
  }

  /**
   * A 32-bit hash of {@code buf[start, end)}: eight bytes at a time with a multiply-xorshift mix. Quality
   * matters more than speed here (linear probing degrades with clustering); the final avalanche spreads
   * the low bits used as the slot index.
   */
  static int hash(byte[] buf, int start, int end) {
    long h = 0x9E3779B97F4A7C15L ^ (end - start);
    int i = start;
    for (; i + 8 <= end; i += 8) {
      long k = (long) LONGS.get(buf, i);
      k *= 0xC2B2AE3D27D4EB4FL;
      k = Long.rotateLeft(k, 31);
      k *= 0x9E3779B97F4A7C15L;
      h ^= k;
      h = Long.rotateLeft(h, 27) * 5 + 0x52DCE729;
    }
    long tail = 0;
    int shift = 0;
    for (; i < end; i++, shift += 8) {
      tail |= (buf[i] & 0xffL) << shift;
    }
    h ^= tail * 0x165667B19E3779F9L;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
