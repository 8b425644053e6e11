package io.promethium.tsdb.head;

import io.promethium.core.labels.Labels;
import io.promethium.tsdb.chunk.XorEncoder;
import io.promethium.tsdb.headchunks.ChunkDiskMapper;
import io.promethium.tsdb.tombstone.Intervals;
import java.io.IOException;
import java.util.Arrays;

/**
 * One series of the head: labels (the instance the first appender passed, its strings swapped for the
 * postings' shared ones), the open chunk on the heap and its full chunks in {@code chunks_head/} as a
 * packed list (16 bytes a chunk). The open chunk's encoder state lives in this object (it extends
 * {@link XorEncoder}; {@code buf == null} when there is no open chunk), so an appended sample touches the
 * series and the tail of its chunk buffer, not a chunk object between them: 88 bytes plus labels,
 * chunk buffer and chunk list. The newest sample's time and value are the encoder's, and the open chunk's
 * first time is read back from its buffer (it is needed once per chunk and by queries): neither is kept
 * twice. (That field would make the object 96 bytes.)
 *
 * <p>Guarded by its own monitor: appenders and queriers synchronise on the series.
 */
public final class MemSeries extends XorEncoder {
  /** Samples per chunk Prometheus aims for; a chunk is cut at twice this when the rate changes. */
  static final int SAMPLES_PER_CHUNK = 120;
  /**
   * Buffer of a series' first chunk, whose size nothing predicts. Prometheus starts every chunk at 128
   * bytes; a constant series' whole chunk takes about 40 and a counter's under 128, so 128 up front
   * would be most of a young head's bytes. The buffer grows by 1.25x (a handful of small copies per chunk).
   */
  static final int FIRST_CHUNK_CAPACITY = 32;

  final long ref;
  final Labels labels;

  /** Timestamp at which the head chunk is cut (Prometheus's {@code nextAt}). */
  long nextAt = Long.MIN_VALUE;

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

  /**
   * Max time of the series, or {@code Long.MIN_VALUE} when it holds no sample: the open chunk's last
   * sample (read from this object: the append check touches nothing else), else the newest full chunk's.
   */
  long maxTime() {
    return count > 0 ? t : lastMmappedMaxT();
  }

  /**
   * Reads the memory an append touches (this object's encoder fields, the open chunk's header and tail)
   * and returns a value that depends on it, for {@link HeadAppender#prefetch}. Racy by design: the value
   * means nothing, and a concurrent append at most makes the read land on another byte of the buffer.
   */
  int touch() {
    byte[] b = buf;
    if (b == null) {
      return count;
    }
    int at = bitLen >>> 3;
    return at < b.length ? b[at] : b.length;
  }

  /** Whether the open chunk holds samples. */
  boolean openChunkHasSamples() {
    return count > 0;
  }

  /** Samples in the open chunk (0 when there is none). */
  int openChunkSamples() {
    return count;
  }

  /** Time of the open chunk's first sample; only when {@link #openChunkHasSamples()}. */
  long openChunkMinT() {
    return firstTimestamp();
  }

  /** Time of the open chunk's last sample; only when {@link #openChunkHasSamples()}. */
  long openChunkMaxT() {
    return t;
  }

  /** A copy of the open chunk's encoded bytes; only when there is an open chunk. */
  byte[] openChunkBytes() {
    return Arrays.copyOf(buf, encodedSize());
  }

  /**
   * Raw bits of the newest sample's value, for the duplicate check, or 0 when the open chunk is empty
   * (the newest sample is then in a full chunk, or there is none).
   */
  long lastValueBits() {
    return count > 0 ? vBits : 0;
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
    return count > 0 ? firstTimestamp() : Long.MAX_VALUE;
  }

  int chunkCount() {
    return mmapCount + (buf != null ? 1 : 0);
  }

  /**
   * Appends a sample already checked by {@link #appendable}. Returns false when the sample is not newer
   * than the last one (a duplicate of it, or lost a race), as Prometheus's {@code memSeries.append}.
   *
   * @param created out-parameter: element 0 is incremented when a chunk was cut
   */
  boolean append(long t, double v, long chunkRange, ChunkDiskMapper mapper, int[] created) throws IOException {
    if (buf == null) {
      if (mmapCount > 0 && lastMmappedMaxT() >= t) {
        return false;
      }
      cutHeadChunk(t, chunkRange, mapper);
      created[0]++;
    }
    int n = count;
    if (n > 0 && this.t >= t) {
      return false;
    }
    if (n == 0) {
      nextAt = rangeForTimestamp(t, chunkRange);
    }
    // At a quarter of a chunk, predict an end time that spreads the rest of the range evenly.
    if (n == SAMPLES_PER_CHUNK / 4) {
      nextAt = computeChunkEndTime(firstTimestamp(), this.t, nextAt);
    }
    if (t >= nextAt || n >= SAMPLES_PER_CHUNK * 2) {
      cutHeadChunk(t, chunkRange, mapper);
      created[0]++;
    }
    appendSample(t, v);
    return true;
  }

  private void cutHeadChunk(long t, long chunkRange, ChunkDiskMapper mapper) throws IOException {
    int capacity = FIRST_CHUNK_CAPACITY;
    if (buf != null && count > 0) {
      int size = encodedSize();
      long headMinT = firstTimestamp();
      long headMaxT = this.t;
      long cref = mapper.write(ref, headMinT, headMaxT, buf, 0, size);
      addMmapped(cref, headMinT, headMaxT);
      // The last chunk hints at the next (same rate, similar values): a small series starts small, a
      // large one skips the first copies; the buffer then grows in small steps, so an open chunk holds
      // little more than its bytes at any fill.
      capacity = Math.max(32, (size >>> 2) + 16);
    }
    startStream(capacity);
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
    if (buf != null && mmapCount == 0 && (count == 0 || this.t < minT)) {
      buf = null;
      count = 0;
      drop++;
    }
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
