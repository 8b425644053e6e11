package io.promethium.tsdb.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes one series' samples (in timestamp order) into XOR chunks of at most {@link #SAMPLES_PER_CHUNK}
 * samples, Prometheus's target chunk size, for block writers that start from raw samples (backfill,
 * compaction of overlapping blocks, tests). Not thread-safe; reusable after {@link #finish()}.
 */
public final class ChunkCutter {
  /** Prometheus cuts head chunks at 120 samples: about 2 hours at a 1-minute interval. */
  public static final int SAMPLES_PER_CHUNK = 120;

  private final int maxSamples;
  private final List<EncodedChunk> done = new ArrayList<>();
  private XorChunk cur;
  private long curMin;
  private long curMax;

  public ChunkCutter() {
    this(SAMPLES_PER_CHUNK);
  }

  public ChunkCutter(int maxSamples) {
    if (maxSamples < 1 || maxSamples > XorChunk.MAX_SAMPLES) {
      throw new IllegalArgumentException("samples per chunk must be in 1.." + XorChunk.MAX_SAMPLES);
    }
    this.maxSamples = maxSamples;
  }

  public void append(long t, double v) {
    if (cur == null) {
      cur = new XorChunk();
      curMin = t;
    }
    cur.append(t, v);
    curMax = t;
    if (cur.numSamples() >= maxSamples) {
      cut();
    }
  }

  private void cut() {
    if (cur != null && cur.numSamples() > 0) {
      done.add(EncodedChunk.xor(curMin, curMax, cur.bytes()));
    }
    cur = null;
  }

  /** The chunks of everything appended since the last call, and resets. */
  public List<EncodedChunk> finish() {
    cut();
    List<EncodedChunk> out = new ArrayList<>(done);
    done.clear();
    return out;
  }
}
