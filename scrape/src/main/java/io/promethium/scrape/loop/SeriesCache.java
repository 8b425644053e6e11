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
 * entry {@code e} at {@code [ends[e], ends[e + 1])}: no array header or pointer per key, and a steady
 * scrape walks the arena front to back. An open-addressing table (linear probing, power-of-two capacity,
 * load ≤ 0.5) maps hashes to entry numbers.
 *
 * <p><b>Prediction.</b> Targets expose their series in the same order scrape after scrape, so {@link #find}
 * first compares the line with the entry after the one found last; only a miss pays for hashing and
 * probing. A new series in the middle of a body costs one miss on the line after it.
 *
 * <p>Entries unseen in a successful scrape are removed by {@link #iterDone(boolean)}, which compacts the
 * arrays in order (only scrapes with series churn pay for it); a successful scrape without churn cuts what
 * doubling left unused. Entry numbers (the "slots" handed out) are valid until the next {@code iterDone}.
 * About 86 bytes per series for a 45-byte series text (key, key end, reference, labels pointer, two
 * iteration numbers, two table slots, an eighth of slack; hashes are recomputed from the keys when the
 * table is rebuilt rather than stored), against 140 with one key array per series and per-slot arrays.
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

  // Per entry, indexed by entry number.
  private byte[] arena;
  /** Entry e's key is arena[ends[e], ends[e + 1]); ends[0] == 0. */
  private int[] ends;
  private long[] refs;
  private Labels[] labels;
  private int[] lastIter;
  private int[] trackedIter;
  private int count;

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

  /** How often the cache was flushed because failed scrapes kept growing it. */
  public long forcedFlushes() {
    return forcedFlushes;
  }

  /** The slot of the series text {@code buf[start, end)}, or -1 when it is not cached. */
  public int find(byte[] buf, int start, int end) {
    int e = next;
    if (e < count) {
      int off = ends[e];
      if (ends[e + 1] - off == end - start && Arrays.equals(arena, off, ends[e + 1], buf, start, end)) {
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
      // lengths or first bytes of different keys tell them apart at once.
      int off = ends[e];
      if (ends[e + 1] - off == len && Arrays.equals(arena, off, off + len, buf, start, end)) {
        return e;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * The entry expected to match the next sample line (the one after the last found or added), or -1 when
   * there is none or hints are off (see {@link #stopHints()}); its key is {@link #arena()} from {@link
   * #keyStart} to {@link #keyEnd}, valid until the next {@link #add}.
   */
  public int predicted() {
    return next < count && !noHints ? next : -1;
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

  public byte[] arena() {
    return arena;
  }

  public int keyStart(int e) {
    return ends[e];
  }

  public int keyEnd(int e) {
    return ends[e + 1];
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
      for (int e = 0; e < count; e++) {
        place(e, hash(arena, ends[e], ends[e + 1]));
      }
    }
    int off = ends[count];
    if ((long) off + len > arena.length) {
      long want = Math.max((long) off + len, (long) arena.length * 2);
      if ((long) off + len > MAX_ARENA) {
        throw new IllegalStateException("scrape cache: series text of one target exceeds 2 GiB");
      }
      arena = Arrays.copyOf(arena, (int) Math.min(want, MAX_ARENA));
    }
    System.arraycopy(buf, start, arena, off, len);
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
    ends[e + 1] = off + len;
    refs[e] = ref;
    labels[e] = lset;
    lastIter[e] = iter;
    trackedIter[e] = NEVER;
    place(e, hash(buf, start, end));
    seenThisIter++;
    next = e + 1;
    return e;
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

  /** Keeps only the entries seen in this iteration, in order, and rebuilds the table. */
  private void compact() {
    int live = 0;
    long bytes = 0;
    for (int e = 0; e < count; e++) {
      if (lastIter[e] == iter) {
        live++;
        bytes += ends[e + 1] - ends[e];
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
    arena = new byte[(int) Math.max(MIN_ARENA, bytes + bytes / 8)];
    int tableSize = MIN_ENTRIES * 2;
    while (tableSize < live * 2) {
      tableSize <<= 1;
    }
    table = new int[tableSize];
    mask = tableSize - 1;
    int n = 0;
    int off = 0;
    for (int e = 0; e < oldCount; e++) {
      if (oldLast[e] != iter) {
        continue;
      }
      int from = oldEnds[e];
      int len = oldEnds[e + 1] - from;
      System.arraycopy(oldArena, from, arena, off, len);
      off += len;
      ends[n + 1] = off;
      refs[n] = oldRefs[e];
      labels[n] = oldLabels[e];
      lastIter[n] = oldLast[e];
      trackedIter[n] = oldTracked[e];
      place(n, hash(arena, off - len, off));
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
