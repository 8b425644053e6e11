package io.promethium.tsdb.block;

import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.StorageException;
import io.promethium.tsdb.chunk.ChunkReader;
import io.promethium.tsdb.chunk.ChunkEncoding;
import io.promethium.tsdb.chunk.XorIterator;
import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.tombstone.Intervals;

/**
 * Samples of one block series across its chunks, clipped to {@code [minT, maxT]} and with deleted
 * intervals skipped. Reusable through {@link io.promethium.core.storage.Series#iterator}; no allocation
 * per sample or per chunk. Not thread-safe.
 */
final class BlockSampleIterator implements SampleIterator {
  private final XorIterator chunkIt = new XorIterator();
  private final ChunkReader.ChunkLocation loc = new ChunkReader.ChunkLocation();
  private Block block;
  private long[] refs;
  private long[] mins;
  private long[] maxs;
  private long minT;
  private long maxT;
  private Intervals deleted;
  private int chunk;
  private boolean inChunk;
  /** Whether samples of the current chunk need range and deletion checks (most chunks need none). */
  private boolean filter;
  private int delIdx;
  /** Chunks ending before this are skipped without decoding (set by seek). */
  private long skipBefore;
  private StorageException error;

  void reset(Block b, long[] refs, long[] mins, long[] maxs, long minT, long maxT, Intervals deleted) {
    this.block = b;
    this.refs = refs;
    this.mins = mins;
    this.maxs = maxs;
    this.minT = minT;
    this.maxT = maxT;
    this.deleted = deleted;
    this.chunk = -1;
    this.inChunk = false;
    this.skipBefore = minT;
    this.error = null;
  }

  @Override
  public boolean next() {
    if (error != null) {
      return false;
    }
    while (true) {
      if (!inChunk && !openNextChunk()) {
        return false;
      }
      if (!chunkIt.next()) {
        if (chunkIt.error() != null) {
          error = new StorageException(
              "block " + block.meta().ulid() + " chunk " + Long.toHexString(refs[chunk]) + ": "
                  + chunkIt.error().getMessage());
          return false;
        }
        inChunk = false;
        continue;
      }
      if (!filter) {
        return true;
      }
      long t = chunkIt.timestamp();
      if (t < minT) {
        continue;
      }
      if (t > maxT) {
        inChunk = false; // the rest of this chunk is later still
        continue;
      }
      if (isDeleted(t)) {
        continue;
      }
      return true;
    }
  }

  private boolean isDeleted(long t) {
    if (deleted.isEmpty()) {
      return false;
    }
    int n = deleted.size();
    while (delIdx < n && deleted.max(delIdx) < t) {
      delIdx++;
    }
    return delIdx < n && deleted.min(delIdx) <= t;
  }

  private boolean openNextChunk() {
    while (++chunk < refs.length) {
      if (maxs[chunk] < skipBefore) {
        continue;
      }
      try {
        block.chunks().locate(refs[chunk], loc);
      } catch (CorruptFileException e) {
        error = CorruptBlockException.of(block.dir(), e);
        return false;
      }
      if (loc.encoding() != ChunkEncoding.XOR_CODE) {
        error = new StorageException(
            "block " + block.meta().ulid() + ": unsupported chunk encoding " + loc.encoding() + " in "
                + loc.file());
        return false;
      }
      block.chunks().iterator(loc, chunkIt);
      inChunk = true;
      filter = mins[chunk] < minT || maxs[chunk] > maxT || deleted.overlaps(mins[chunk], maxs[chunk]);
      delIdx = 0;
      return true;
    }
    return false;
  }

  @Override
  public boolean seek(long t) {
    if (error != null) {
      return false;
    }
    if (inChunk && chunkIt.timestamp() >= t && chunkIt.timestamp() >= minT && chunk >= 0) {
      return true;
    }
    if (t > skipBefore) {
      skipBefore = t;
    }
    while (next()) {
      if (chunkIt.timestamp() >= t) {
        return true;
      }
    }
    return false;
  }

  @Override
  public long timestamp() {
    return chunkIt.timestamp();
  }

  @Override
  public double value() {
    return chunkIt.value();
  }

  @Override
  public StorageException error() {
    return error;
  }
}
