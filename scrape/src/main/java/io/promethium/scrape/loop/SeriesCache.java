package io.promethium.scrape.loop;

import io.promethium.core.labels.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The scrape cache of one target (Prometheus's {@code scrapeCache}): maps the raw series text of a sample
 * line, e.g. {@code http_requests_total{code="200"}}, to its storage reference and final labels, so a
 * steady scrape does no label parsing, relabeling or label hashing. It also remembers series dropped by
 * relabeling, and which series were appended in which scrape iteration, for staleness.
 *
 * <p><b>Layout.</b> Entries are numbered densely in insertion order, which is the order of the body, and
 * live in parallel arrays (no entry objects, no boxing). Their keys sit back to back in one byte arena,
 * entry {@code e} at {@code [ends[e], ends[e + 1])}, front-coded: one byte saying how many leading bytes
 * the key shares with the previous entry's key (at most 255), then the rest of the key. Neighbouring lines
 * of a body share most of their text (the metric name, the label names, often the start of the first
 * value), so a key costs a fraction of its length; every {@link #RESTART}th entry stores its key whole,
 * so any key is rebuilt from at most that many entries. The key of one entry at a time is kept rebuilt in
 * {@link #key}; a steady scrape moves it forward one entry per line, copying only what differs. An
 * open-addressing table (linear probing, power-of-two capacity, load ≤ 0.5) maps hashes to entry numbers.
 *
 * <p><b>Prediction.</b> Targets expose their series in the same order scrape after scrape, so {@link #find}
 * first compares the line with the entry after the one found last; only a miss pays for hashing and
 * probing. A new series in the middle of a body costs one miss on the line after it.
 *
 * <p>Entries unseen in a successful scrape are removed by {@link #iterDone(boolean)}, which compacts the
 * arrays in order (only scrapes with series churn pay for it); a successful scrape without churn cuts what
 * doubling left unused. Entry numbers (the "slots" handed out) are valid until the next {@code iterDone}.
 * About 55 bytes per series for a 45-byte series text of which the previous line shares 33 bytes (the
 * front-coded key, key end, reference, labels pointer, two iteration numbers, two table slots, an eighth
 * of slack; hashes are recomputed from the keys when the table is rebuilt rather than stored), against 86
 * with whole keys and 140 with one key array per series and per-slot arrays.
 *
 * <p>Not thread-safe: used by one scrape at a time (a scrape loop, or its successor after a reload, with a
 * happens-before hand-over).
 */
final class SeriesCache {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final int MIN_ENTRIES = 32;
  private static final int MIN_ARENA = 1024;
  /** Largest arena we ask the JVM for. */
  private static final long MAX_ARENA = Integer.MAX_VALUE - 8;
  /** A dropped key has no reference: storage references are never 0. */
  private static final long DROPPED = 0;
  /** Iteration numbers are compared for equality only, so wrapping after 2^32 scrapes is harmless. */
  private static final int NEVER = Integer.MIN_VALUE;
  /** Every RESTART-th entry (0, 16, 32, ...) stores its whole key. */
  static final int RESTART = 16;
  /** Longest shared prefix one entry records (its first byte). */
  private static final int MAX_SHARED = 255;

  // Per entry, indexed by entry number.
  private byte[] arena;
  /**
   * Entry e is arena[ends[e], ends[e + 1]): its shared-prefix byte, then the rest of its key; ends[0] ==
   * 0.
   */
  private int[] ends;
  private long[] refs;
  private Labels[] labels;
  private int[] lastIter;
  private int[] trackedIter;
  private int count;

  /** The key of entry {@link #keyEntry} rebuilt, in {@code key[0, keyLen)}; -1 when none is. */
  private byte[] key = new byte[256];
  private int keyLen;
  private int keyEntry = -1;

  /** Entry number + 1 per hash slot; 0 is empty. */
  private int[] table;
  private int mask;

  /** The entry expected to match the next line: the one after the last found or added. */
  private int next;
  /** Some key ever held a newline, or came from another parser: no {@link #predicted()} hints. */
  private boolean noHints;

  /** The current scrape iteration. */
  private int iter = 1;
  /** Entries whose {@code lastIter} became the current iteration (to know whether a flush has work). */
  private int seenThisIter;
  /** Entries tracked in the previous iteration, and how many of them were tracked again in this one. */
  private int trackedPrev;
  private int retracked;
  /** Entries whose {@code trackedIter} became the current iteration. */
  private int trackedThisIter;
  /** Size after the last successful scrape, for Prometheus's forced-flush heuristic. */
  private int successfulCount;
  private long forcedFlushes;

  public SeriesCache() {
    arena = new byte[MIN_ARENA];
    allocateEntries(MIN_ENTRIES);
    table = new int[MIN_ENTRIES * 2];
    mask = table.length - 1;
  }

  private void allocateEntries(int capacity) {
    ends = new int[capacity + 1];
    refs = new long[capacity];
    labels = new Labels[capacity];
    lastIter = new int[capacity];
    trackedIter = new int[capacity];
  }

  /** Number of entries (series and dropped keys). */
  public int size() {
    return count;
  }

  /** Bytes the keys take in the arena (front-coded), for tests and figures. */
  int keyBytes() {
    return ends[count];
  }

  /** How often the cache was flushed because failed scrapes kept growing it. */
  public long forcedFlushes() {
    return forcedFlushes;
  }

  /** The slot of the series text {@code buf[start, end)}, or -1 when it is not cached. */
  public int find(byte[] buf, int start, int end) {
    int e = next;
    if (e < count && keyLength(e) == end - start) {
      rebuild(e);
      if (Arrays.equals(key, 0, keyLen, buf, start, end)) {
        next = e + 1;
        return e;
      }
    }
    e = lookup(buf, start, end, hash(buf, start, end));
    if (e >= 0) {
      next = e + 1;
    }
    return e;
  }

  private int lookup(byte[] buf, int start, int end, int h) {
    int len = end - start;
    int i = h & mask;
    while (true) {
      int t = table[i];
      if (t == 0) {
        return -1;
      }
      int e = t - 1;
      // No stored hashes (4 bytes per series): at load 0.5 a probe is 1.5 compares on average, and the
      // lengths of different keys tell most of them apart before any key is rebuilt.
      if (keyLength(e) == len) {
        rebuild(e);
        if (Arrays.equals(key, 0, keyLen, buf, start, end)) {
          return e;
        }
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * The entry expected to match the next sample line (the one after the last found or added), or -1 when
   * there is none or hints are off (see {@link #stopHints()}); its key is {@link #predictedKey()} from 0
   * to {@link #predictedKeyLength()}, valid until the next call of any other method.
   */
  public int predicted() {
    if (next < count && !noHints) {
      rebuild(next);
      return next;
    }
    return -1;
  }

  /** The buffer holding the key of the {@link #predicted()} entry, from 0 (not to be modified). */
  public byte[] predictedKey() {
    return key;
  }

  public int predictedKeyLength() {
    return keyLen;
  }

  /**
   * No more {@link #predicted()} hints: keys may come from a parser other than the text one the hints are
   * given to (the target answered in OpenMetrics), and only a key that parser accepted is a safe hint.
   */
  public void stopHints() {
    noHints = true;
  }

  /** Takes the {@link #predicted()} entry as found (the caller compared its key); returns its slot. */
  public int acceptPredicted() {
    return next++;
  }

  /** Length of entry e's key. */
  private int keyLength(int e) {
    return entryKeyLength(arena, ends[e], ends[e + 1]);
  }

  /**
   * Rebuilds entry e's key in {@link #key}: from the key already there when it is the previous entry's
   * (the steady case: one copy of the bytes that differ), else from the last entry that stores its key
   * whole.
   */
  private void rebuild(int e) {
    if (keyEntry == e) {
      return;
    }
    int restart = e - e % RESTART;
    int from = keyEntry >= restart && keyEntry < e ? keyEntry + 1 : restart;
    for (int i = from; i <= e; i++) {
      applyEntry(ends[i], ends[i + 1]);
    }
    keyEntry = e;
  }

  /** Turns {@link #key}, the previous entry's key, into the key of the entry at {@code arena[off, end)}. */
  private void applyEntry(int off, int end) {
    key = decodeEntry(arena, off, end, key);
    keyLen = entryKeyLength(arena, off, end);
  }

  /** Length of the key coded at {@code arena[off, end)}: the bytes shared with the previous key, then the rest. */
  private static int entryKeyLength(byte[] arena, int off, int end) {
    return (arena[off] & 0xFF) + end - off - 1;
  }

  /**
   * Turns {@code prev}, which holds the previous entry's key, into the key coded at {@code arena[off, end)};
   * returns the buffer holding it: {@code prev}, or a larger copy of it.
   */
  private static byte[] decodeEntry(byte[] arena, int off, int end, byte[] prev) {
    int shared = arena[off] & 0xFF;
    int len = entryKeyLength(arena, off, end);
    byte[] into = len > prev.length ? Arrays.copyOf(prev, Math.max(len, prev.length * 2)) : prev;
    System.arraycopy(arena, off + 1, into, shared, len - shared);
    return into;
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
    int t = trackedIter[slot];
    if (t == iter) {
      return;
    }
    if (t == iter - 1) {
      retracked++;
    }
    trackedIter[slot] = iter;
    trackedThisIter++;
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
    int len = end - start;
    if (count == refs.length) {
      resizeEntries(count * 2);
    }
    if ((count + 1) * 2 > table.length) {
      table = new int[table.length * 2];
      mask = table.length - 1;
      rehashAll();
    }
    int shared = 0;
    if (count % RESTART != 0) {
      rebuild(count - 1);
      shared = sharedWithKey(buf, start, len);
    }
    int stored = 1 + len - shared;
    int off = ends[count];
    if ((long) off + stored > arena.length) {
      long want = Math.max((long) off + stored, (long) arena.length * 2);
      if ((long) off + stored > MAX_ARENA) {
        throw new IllegalStateException("scrape cache: series text of one target exceeds 2 GiB");
      }
      arena = Arrays.copyOf(arena, (int) Math.min(want, MAX_ARENA));
    }
    arena[off] = (byte) shared;
    System.arraycopy(buf, start + shared, arena, off + 1, len - shared);
    if (!noHints) {
      for (int i = start; i < end; i++) {
        if (buf[i] == '\n') {
          // A raw newline in a label value (the text format allows it): parser hints would miscount lines.
          noHints = true;
          break;
        }
      }
    }
    int e = count++;
    ends[e + 1] = off + stored;
    refs[e] = ref;
    labels[e] = lset;
    lastIter[e] = iter;
    trackedIter[e] = NEVER;
    place(e, hash(buf, start, end));
    seenThisIter++;
    next = e + 1;
    return e;
  }

  /** How many leading bytes {@code b[start, start + len)} shares with {@link #key}, at most 255. */
  private int sharedWithKey(byte[] b, int start, int len) {
    int max = Math.min(MAX_SHARED, Math.min(keyLen, len));
    int m = Arrays.mismatch(key, 0, max, b, start, start + max);
    return m < 0 ? max : m;
  }

  /** Places every entry in the (empty) table, rebuilding the keys front to back. */
  private void rehashAll() {
    for (int e = 0; e < count; e++) {
      rebuild(e);
      place(e, hash(key, 0, keyLen));
    }
  }

  private void place(int e, int h) {
    int i = h & mask;
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = e + 1;
  }

  /** Resizes the entry arrays (up or down, never below {@link #count}). */
  private void resizeEntries(int capacity) {
    ends = Arrays.copyOf(ends, capacity + 1);
    refs = Arrays.copyOf(refs, capacity);
    labels = Arrays.copyOf(labels, capacity);
    lastIter = Arrays.copyOf(lastIter, capacity);
    trackedIter = Arrays.copyOf(trackedIter, capacity);
  }

  /** Receives the series to mark stale. */
  @FunctionalInterface
  public interface StaleConsumer {
    /** Returns false to stop. */
    boolean stale(long ref, Labels labels);
  }

  /**
   * Calls {@code f} for every series appended (without explicit timestamp) in the previous iteration and
   * not in this one: Prometheus's {@code forEachStale}. Free when every series of the previous scrape was
   * appended again, the steady case.
   */
  public void forEachStale(StaleConsumer f) {
    if (retracked == trackedPrev) {
      return;
    }
    int prev = iter - 1;
    for (int e = 0; e < count; e++) {
      if (trackedIter[e] == prev && refs[e] != DROPPED) {
        if (!f.stale(refs[e], labels[e])) {
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
      successfulCount = count;
    } else if (count > successfulCount * 2 + 1000) {
      flush = true;
      forcedFlushes++;
    }
    // Entries tracked now survive a flush: tracking follows a sighting in the same iteration.
    trackedPrev = trackedThisIter;
    if (flush && seenThisIter < count) {
      compact();
      if (successfulCount > count) {
        successfulCount = count;
      }
    } else if (flush) {
      trim();
    }
    iter++;
    seenThisIter = 0;
    trackedThisIter = 0;
    retracked = 0;
    next = 0;
  }

  /**
   * Gives back what doubling left unused once a target's series are known (after its first scrapes): the
   * arena and the entry arrays are cut to their use plus an eighth. Growth doubles again, so a target
   * that keeps growing pays one copy per growth, not per scrape.
   */
  private void trim() {
    int used = ends[count];
    int slack = used / 8;
    if (arena.length > MIN_ARENA && arena.length - used > 2 * slack + 64) {
      arena = Arrays.copyOf(arena, Math.max(MIN_ARENA, used + slack));
    }
    int capacity = Math.max(MIN_ENTRIES, count + count / 8);
    if (refs.length - count > 2 * (count / 8) + 8 && capacity < refs.length) {
      resizeEntries(capacity);
    }
  }

  /**
   * Keeps only the entries seen in this iteration, in order, and rebuilds the table. The kept keys are
   * front-coded again against their new neighbours (a dropped entry may have been a kept one's reference).
   */
  private void compact() {
    int live = 0;
    long bytes = 0;
    for (int e = 0; e < count; e++) {
      if (lastIter[e] == iter) {
        live++;
        bytes += 1 + keyLength(e);
      }
    }
    int[] oldEnds = ends;
    long[] oldRefs = refs;
    Labels[] oldLabels = labels;
    int[] oldLast = lastIter;
    int[] oldTracked = trackedIter;
    byte[] oldArena = arena;
    int oldCount = count;
    allocateEntries(Math.max(MIN_ENTRIES, live + live / 8));
    // Sized for whole keys; trimmed to what front coding used once the cache is steady (see trim).
    arena = new byte[(int) Math.min(MAX_ARENA, Math.max(MIN_ARENA, bytes))];
    int tableSize = MIN_ENTRIES * 2;
    while (tableSize < live * 2) {
      tableSize <<= 1;
    }
    table = new int[tableSize];
    mask = tableSize - 1;
    // Old keys are rebuilt front to back in this buffer (every old entry: kept ones may refer to dropped
    // ones); the kept ones are then coded against the previous kept key, which stays rebuilt in key.
    byte[] old = new byte[Math.max(256, key.length)];
    keyEntry = -1;
    keyLen = 0;
    int n = 0;
    int off = 0;
    for (int e = 0; e < oldCount; e++) {
      old = decodeEntry(oldArena, oldEnds[e], oldEnds[e + 1], old);
      int oldLen = entryKeyLength(oldArena, oldEnds[e], oldEnds[e + 1]);
      if (oldLast[e] != iter) {
        continue;
      }
      int keep = n % RESTART != 0 ? sharedWithKey(old, 0, oldLen) : 0;
      arena[off] = (byte) keep;
      System.arraycopy(old, keep, arena, off + 1, oldLen - keep);
      ends[n + 1] = off + 1 + oldLen - keep;
      applyEntry(off, ends[n + 1]);
      keyEntry = n;
      off = ends[n + 1];
      refs[n] = oldRefs[e];
      labels[n] = oldLabels[e];
      lastIter[n] = oldLast[e];
      trackedIter[n] = oldTracked[e];
      place(n, hash(old, 0, oldLen));
      n++;
    }
    count = n;
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
