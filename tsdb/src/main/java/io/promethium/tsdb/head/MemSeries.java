package io.promethium.tsdb.head;

import io.promethium.core.labels.Labels;
import io.promethium.tsdb.chunk.XorChunk;
import io.promethium.tsdb.headchunks.ChunkDiskMapper;
import io.promethium.tsdb.tombstone.Intervals;
import java.io.IOException;
import java.util.Arrays;

/**
 * One series of the head: labels (the instance the first appender passed, its strings swapped for the
 * postings' shared ones), the open chunk on the heap and its full chunks in {@code chunks_head/} as a
 * packed list (16 bytes a chunk). 72 bytes plus its labels, open chunk and chunk list: the open chunk's
 * max time and last value are read from the chunk, not kept twice.
 *
 * <p>Guarded by its own monitor: appenders and queriers synchronise on the series.
 */
public final class MemSeries {
  /** Samples per chunk Prometheus aims for; a chunk is cut at twice this when the rate changes. */
  static final int SAMPLES_PER_CHUNK = 120;

  final long ref;
  final Labels labels;

  XorChunk head;
  long headMinT = Long.MAX_VALUE;
  /** Timestamp at which the head chunk is cut (Prometheus's {@code nextAt}). */
  long nextAt = Long.MIN_VALUE;
  /**
   * Newest sample time, kept apart from the chunks: the append check then touches only this object
   * (reading it from the chunk cost two cache misses per sample at 100k series).
   */
  long maxT = Long.MIN_VALUE;

  /**
   * Full chunks in {@code chunks_head/}, oldest first, in one array (not three: two array headers and
   * growth slacks less). Compact, the usual case: {@code [base, ref0, times0, ref1, times1, ...]}, where
   * times packs {@code minT - base} (high 32 bits) and {@code maxT - minT} (low 32 bits), both unsigned:
   * 16 bytes a chunk, against Prometheus's 40 (a pointer to a 32-byte struct). A series scraped every
   * second holds up to 90 full chunks. Wide ({@link #mmapWide}): {@code [ref0, minT0, maxT0, ...]}, taken
   * for good when a chunk's times do not fit (a head left spanning over 49 days, or out-of-order chunks).
   */
  private long[] mmapped = EMPTY;
  int mmapCount;
  private boolean mmapWide;

  /** Samples appended but not yet committed: protects a fresh series from garbage collection. */
  int pendingCommits;
  /** Deleted time ranges, or {@code null}. */
  Intervals deleted;
  /** Set (under the series lock) when garbage collection drops the series from the head. */
  boolean removed;

  private static final long[] EMPTY = new long[0];

  MemSeries(long ref, Labels labels) {
    this.ref = ref;
    this.labels = labels;
  }

  public long ref() {
    return ref;
  }

  public Labels labels() {
    return labels;
  }

  /** Max time of the series, or {@code Long.MIN_VALUE} when it holds no sample. */
  long maxTime() {
    return maxT;
  }

  private long computeMaxTime() {
    if (head != null && head.numSamples() > 0) {
      return head.lastTimestamp();
    }
    return lastMmappedMaxT();
  }

  /** Whether the open chunk holds samples. */
  boolean openChunkHasSamples() {
    return head != null && head.numSamples() > 0;
  }

  /** Time of the open chunk's last sample; only when {@link #openChunkHasSamples()}. */
  long openChunkMaxT() {
    return head.lastTimestamp();
  }

  /**
   * Raw bits of the newest sample's value, for the duplicate check, or 0 when the open chunk is empty
   * (the newest sample is then in a full chunk, or there is none).
   */
  long lastValueBits() {
    return openChunkHasSamples() ? head.lastValueBits() : 0;
  }

  private static final long U32 = 0xFFFFFFFFL;

  /** Chunk reference of full chunk {@code i} (oldest first). */
  long mmapRef(int i) {
    return mmapWide ? mmapped[i * 3] : mmapped[1 + i * 2];
  }

  long mmapMinT(int i) {
    return mmapWide ? mmapped[i * 3 + 1] : mmapped[0] + (mmapped[2 + i * 2] >>> 32);
  }

  long mmapMaxT(int i) {
    if (mmapWide) {
      return mmapped[i * 3 + 2];
    }
    long times = mmapped[2 + i * 2];
    return mmapped[0] + (times >>> 32) + (times & U32);
  }

  /** Max time of the newest full chunk, or {@code Long.MIN_VALUE} when there is none. */
  long lastMmappedMaxT() {
    return mmapCount > 0 ? mmapMaxT(mmapCount - 1) : Long.MIN_VALUE;
  }

  long minTime() {
    if (mmapCount > 0) {
      return mmapMinT(0);
    }
    return head != null && head.numSamples() > 0 ? headMinT : Long.MAX_VALUE;
  }

  int chunkCount() {
    return mmapCount + (head != null ? 1 : 0);
  }

  /**
   * Appends a sample already checked by {@link #appendable}. Returns false when the sample is not newer
   * than the last one (a duplicate of it, or lost a race), as Prometheus's {@code memSeries.append}.
   *
   * @param created out-parameter: element 0 is incremented when a chunk was cut
   */
  boolean append(long t, double v, long chunkRange, ChunkDiskMapper mapper, int[] created) throws IOException {
    if (head == null) {
      if (mmapCount > 0 && lastMmappedMaxT() >= t) {
        return false;
      }
      cutHeadChunk(t, chunkRange, mapper);
      created[0]++;
    }
    if (head.numSamples() > 0 && head.lastTimestamp() >= t) {
      return false;
    }
    int n = head.numSamples();
    if (n == 0) {
      headMinT = t;
      nextAt = rangeForTimestamp(t, chunkRange);
    }
    // At a quarter of a chunk, predict an end time that spreads the rest of the range evenly.
    if (n == SAMPLES_PER_CHUNK / 4) {
      nextAt = computeChunkEndTime(headMinT, head.lastTimestamp(), nextAt);
    }
    if (t >= nextAt || n >= SAMPLES_PER_CHUNK * 2) {
      cutHeadChunk(t, chunkRange, mapper);
      created[0]++;
    }
    head.append(t, v);
    maxT = t;
    return true;
  }

  private void cutHeadChunk(long t, long chunkRange, ChunkDiskMapper mapper) throws IOException {
    int capacity = XorChunk.DEFAULT_CAPACITY;
    if (head != null && head.numSamples() > 0) {
      byte[] b = head.bytes();
      long headMaxT = head.lastTimestamp();
      long cref = mapper.write(ref, headMinT, headMaxT, b, 0, b.length);
      addMmapped(cref, headMinT, headMaxT);
      // The last chunk hints at the next (same rate, similar values): a small series starts small, a
      // large one skips the first copies; the buffer then grows in small steps, so an open chunk holds
      // little more than its bytes at any fill.
      capacity = Math.max(32, (b.length >>> 2) + 16);
    }
    head = new XorChunk(capacity);
    headMinT = t;
    nextAt = rangeForTimestamp(t, chunkRange);
  }

  /** Appends a full chunk (the newest). */
  void addMmapped(long cref, long minT, long maxT) {
    // 2 chunks, then 1.5x: a 15 s series holds about 12 full chunks (3 h) at the head's widest.
    int chunks = mmapCount < 2 ? 2 : mmapCount + (mmapCount >> 1);
    if (!mmapWide) {
      long base = mmapCount == 0 ? minT : mmapped[0];
      long off = minT - base;
      long span = maxT - minT;
      long prevOff = mmapCount == 0 ? 0 : mmapped[mmapCount * 2] >>> 32;
      // Offsets must not decrease (dropping the oldest chunks rebases on the first one kept).
      if (off >= prevOff && off <= U32 && span >= 0 && span <= U32 && minT >= base) {
        int at = 1 + mmapCount * 2;
        if (at + 2 > mmapped.length) {
          mmapped = Arrays.copyOf(mmapped, 1 + chunks * 2);
        }
        mmapped[0] = base;
        mmapped[at] = cref;
        mmapped[at + 1] = (off << 32) | span;
        mmapCount++;
        this.maxT = Math.max(this.maxT, maxT);
        return;
      }
      widen(chunks);
    }
    int at = mmapCount * 3;
    if (at == mmapped.length) {
      mmapped = Arrays.copyOf(mmapped, chunks * 3);
    }
    mmapped[at] = cref;
    mmapped[at + 1] = minT;
    mmapped[at + 2] = maxT;
    mmapCount++;
    this.maxT = Math.max(this.maxT, maxT);
  }

  /** Converts the chunk list to the wide layout, with room for {@code chunks}. */
  private void widen(int chunks) {
    long[] wide = new long[Math.max(chunks, mmapCount + 1) * 3];
    for (int i = 0; i < mmapCount; i++) {
      wide[i * 3] = mmapRef(i);
      wide[i * 3 + 1] = mmapMinT(i);
      wide[i * 3 + 2] = mmapMaxT(i);
    }
    mmapped = wide;
    mmapWide = true;
  }

  /** Removes the oldest {@code drop} full chunks. */
  private void dropMmapped(int drop) {
    int keep = mmapCount - drop;
    if (keep == 0) {
      mmapped = EMPTY;
      mmapCount = 0;
      return;
    }
    if (mmapWide) {
      System.arraycopy(mmapped, drop * 3, mmapped, 0, keep * 3);
      if (keep * 3 * 2 < mmapped.length) {
        mmapped = Arrays.copyOf(mmapped, keep * 3 + 3);
      }
    } else {
      // Rebase on the first chunk kept, so offsets stay small however long the series lives.
      long shift = mmapped[2 + drop * 2] >>> 32;
      mmapped[0] += shift;
      for (int i = 0; i < keep; i++) {
        mmapped[1 + i * 2] = mmapped[1 + (drop + i) * 2];
        mmapped[2 + i * 2] = mmapped[2 + (drop + i) * 2] - (shift << 32);
      }
      if ((1 + keep * 2) * 2 < mmapped.length) {
        mmapped = Arrays.copyOf(mmapped, 1 + keep * 2 + 2);
      }
    }
    mmapCount = keep;
  }

  /**
   * Drops chunks that end before {@code minT}; returns how many were dropped. The open chunk goes too when
   * it ends before {@code minT}, as Prometheus's {@code truncateChunksBefore}.
   */
  int truncateChunksBefore(long minT) {
    int drop = 0;
    while (drop < mmapCount && mmapMaxT(drop) < minT) {
      drop++;
    }
    if (drop > 0) {
      dropMmapped(drop);
    }
    if (head != null && mmapCount == 0 && (head.numSamples() == 0 || head.lastTimestamp() < minT)) {
      head = null;
      headMinT = Long.MAX_VALUE;
      drop++;
    }
    maxT = computeMaxTime();
    return drop;
  }

  /** Prometheus's {@code rangeForTimestamp}: the end of the chunk-range-aligned window holding {@code t}. */
  static long rangeForTimestamp(long t, long width) {
    return (t / width) * width + width; // Go division truncates toward zero
  }

  /**
   * Prometheus's {@code computeChunkEndTime}: assuming the chunk is a quarter full at {@code cur}, the end
   * time that makes the remaining chunks up to {@code max} equally sized.
   */
  static long computeChunkEndTime(long start, long cur, long max) {
    double n = (double) (max - start) / ((double) (cur - start + 1) * 4);
    if (n <= 1) {
      return max;
    }
    return (long) (start + (max - start) / Math.floor(n));
  }
}
