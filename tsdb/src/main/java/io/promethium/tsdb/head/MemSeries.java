package io.promethium.tsdb.head;

import io.promethium.core.labels.Labels;
import io.promethium.tsdb.chunk.XorChunk;
import io.promethium.tsdb.headchunks.ChunkDiskMapper;
import io.promethium.tsdb.tombstone.Intervals;
import java.io.IOException;
import java.util.Arrays;

/**
 * One series of the head: labels, the open chunk on the heap and parallel arrays of its full chunks in
 * {@code chunks_head/} (reference, min and max time). About 200 bytes plus its labels and open chunk.
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
  long headMaxT = Long.MIN_VALUE;
  /** Timestamp at which the head chunk is cut (Prometheus's {@code nextAt}). */
  long nextAt = Long.MIN_VALUE;
  long lastValueBits;
  /**
   * Newest sample time, kept apart from the chunks: the append check then touches only this object
   * (reading it from the chunk cost two cache misses per sample at 100k series).
   */
  long maxT = Long.MIN_VALUE;

  long[] mmapRefs = EMPTY;
  long[] mmapMinT = EMPTY;
  long[] mmapMaxT = EMPTY;
  int mmapCount;

  /** Samples appended but not yet committed: protects a fresh series from garbage collection. */
  int pendingCommits;
  /** Deleted time ranges, or {@code null}. */
  Intervals deleted;

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
      return headMaxT;
    }
    return mmapCount > 0 ? mmapMaxT[mmapCount - 1] : Long.MIN_VALUE;
  }

  long minTime() {
    if (mmapCount > 0) {
      return mmapMinT[0];
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
      if (mmapCount > 0 && mmapMaxT[mmapCount - 1] >= t) {
        return false;
      }
      cutHeadChunk(t, chunkRange, mapper);
      created[0]++;
    }
    if (headMaxT >= t) {
      return false;
    }
    int n = head.numSamples();
    if (n == 0) {
      headMinT = t;
      nextAt = rangeForTimestamp(t, chunkRange);
    }
    // At a quarter of a chunk, predict an end time that spreads the rest of the range evenly.
    if (n == SAMPLES_PER_CHUNK / 4) {
      nextAt = computeChunkEndTime(headMinT, headMaxT, nextAt);
    }
    if (t >= nextAt || n >= SAMPLES_PER_CHUNK * 2) {
      cutHeadChunk(t, chunkRange, mapper);
      created[0]++;
    }
    head.append(t, v);
    headMaxT = t;
    maxT = t;
    lastValueBits = Double.doubleToRawLongBits(v);
    return true;
  }

  private void cutHeadChunk(long t, long chunkRange, ChunkDiskMapper mapper) throws IOException {
    if (head != null && head.numSamples() > 0) {
      byte[] b = head.bytes();
      long cref = mapper.write(ref, headMinT, headMaxT, b, 0, b.length);
      addMmapped(cref, headMinT, headMaxT);
    }
    head = new XorChunk();
    headMinT = t;
    headMaxT = Long.MIN_VALUE;
    nextAt = rangeForTimestamp(t, chunkRange);
  }

  void addMmapped(long cref, long minT, long maxT) {
    if (mmapCount == mmapRefs.length) {
      int c = Math.max(4, mmapCount * 2);
      mmapRefs = Arrays.copyOf(mmapRefs, c);
      mmapMinT = Arrays.copyOf(mmapMinT, c);
      mmapMaxT = Arrays.copyOf(mmapMaxT, c);
    }
    mmapRefs[mmapCount] = cref;
    mmapMinT[mmapCount] = minT;
    mmapMaxT[mmapCount] = maxT;
    mmapCount++;
    this.maxT = Math.max(this.maxT, maxT);
  }

  /**
   * Drops chunks that end before {@code minT}; returns how many were dropped. The open chunk goes too when
   * it ends before {@code minT}, as Prometheus's {@code truncateChunksBefore}.
   */
  int truncateChunksBefore(long minT) {
    int drop = 0;
    while (drop < mmapCount && mmapMaxT[drop] < minT) {
      drop++;
    }
    if (drop > 0) {
      System.arraycopy(mmapRefs, drop, mmapRefs, 0, mmapCount - drop);
      System.arraycopy(mmapMinT, drop, mmapMinT, 0, mmapCount - drop);
      System.arraycopy(mmapMaxT, drop, mmapMaxT, 0, mmapCount - drop);
      mmapCount -= drop;
    }
    if (head != null && mmapCount == 0 && (head.numSamples() == 0 || headMaxT < minT)) {
      head = null;
      headMinT = Long.MAX_VALUE;
      headMaxT = Long.MIN_VALUE;
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
