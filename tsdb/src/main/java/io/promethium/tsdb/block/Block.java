package io.promethium.tsdb.block;

import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.StorageException;
import io.promethium.tsdb.chunk.ChunkReader;
import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.fileio.FileOps;
import io.promethium.tsdb.index.IndexReader;
import io.promethium.tsdb.index.Postings;
import io.promethium.tsdb.tombstone.Tombstones;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A persisted, immutable block opened for reading: meta.json, the memory-mapped index and chunk segments,
 * and the tombstones.
 *
 * <p>Lifetime: {@link #open} maps the files; every querier (and every compaction reading the block)
 * {@linkplain #acquire() holds a reference}; {@link #close()} stops new readers and unmaps once the last
 * one is released, so queries in flight never touch unmapped memory.
 *
 * <p>Thread-safe: queriers may be created and used concurrently; {@link #delete} is serialised and
 * swaps in new tombstones that only queriers created afterwards see.
 */
public final class Block implements AutoCloseable {
  private final Path dir;
  private final FileOps ops;
  private volatile BlockMeta meta;
  private final IndexReader index;
  private final ChunkReader chunks;
  private volatile Tombstones tombstones;
  private long tombstonesSize;
  private long metaSize;

  private final Object lock = new Object();
  private int refs = 1; // the owner's reference, dropped by close()
  private boolean closing;

  private Block(Path dir, FileOps ops, BlockMeta meta, IndexReader index, ChunkReader chunks,
      Tombstones tombstones) throws IOException {
    this.dir = dir;
    this.ops = ops;
    this.meta = meta;
    this.index = index;
    this.chunks = chunks;
    this.tombstones = tombstones;
    this.tombstonesSize = sizeOf(dir.resolve(BlockFiles.TOMBSTONES));
    this.metaSize = sizeOf(dir.resolve(BlockFiles.META));
  }

  /** Opens a block directory with the local file system. */
  public static Block open(Path dir) throws IOException, CorruptBlockException {
    return open(dir, FileOps.local());
  }

  /**
   * Opens and validates a block directory.
   *
   * @throws CorruptBlockException naming the file and byte offset when any file is missing or corrupt
   */
  public static Block open(Path dir, FileOps ops) throws IOException, CorruptBlockException {
    BlockMeta meta;
    try {
      meta = MetaFile.read(dir);
    } catch (NoSuchFileException e) {
      throw new CorruptBlockException(dir, dir.resolve(BlockFiles.META), -1, "meta.json missing", e);
    } catch (CorruptFileException e) {
      throw CorruptBlockException.of(dir, e);
    }
    IndexReader index = null;
    ChunkReader chunks = null;
    try {
      chunks = ChunkReader.open(dir.resolve(BlockFiles.CHUNKS_DIR));
      index = IndexReader.open(dir.resolve(BlockFiles.INDEX));
      Tombstones ts = Tombstones.read(dir);
      return new Block(dir, ops, meta, index, chunks, ts);
    } catch (CorruptFileException e) {
      closeQuietly(index, chunks);
      throw CorruptBlockException.of(dir, e);
    } catch (NoSuchFileException e) {
      closeQuietly(index, chunks);
      throw new CorruptBlockException(dir, Path.of(e.getFile()), -1, "missing " + e.getFile(), e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(index, chunks);
      throw e;
    }
  }

  private static void closeQuietly(IndexReader index, ChunkReader chunks) {
    if (index != null) {
      index.close();
    }
    if (chunks != null) {
      chunks.close();
    }
  }

  private static long sizeOf(Path p) throws IOException {
    try {
      return Files.size(p);
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  public Path dir() {
    return dir;
  }

  public BlockMeta meta() {
    return meta;
  }

  /** The index; valid while a reference is held. */
  public IndexReader index() {
    return index;
  }

  /** The chunk segments; valid while a reference is held. */
  public ChunkReader chunks() {
    return chunks;
  }

  /** The current tombstones (a snapshot: later deletes produce a new instance). */
  public Tombstones tombstones() {
    return tombstones;
  }

  /** Bytes on disk: index, chunk segments, tombstones and meta.json. */
  public long size() {
    synchronized (lock) {
      return index.size() + chunks.size() + tombstonesSize + metaSize;
    }
  }

  /**
   * Takes a reference that keeps the files mapped until {@link #release()}.
   *
   * @throws IllegalStateException if the block is closing
   */
  public void acquire() {
    synchronized (lock) {
      if (closing) {
        throw new IllegalStateException("block " + meta.ulid() + " is closed");
      }
      refs++;
    }
  }

  /** Drops a reference taken with {@link #acquire()}. */
  public void release() {
    boolean unmap;
    synchronized (lock) {
      refs--;
      unmap = refs == 0;
    }
    if (unmap) {
      index.close();
      chunks.close();
    }
  }

  /**
   * A querier over samples with timestamps in {@code [minT, maxT]} (both inclusive), with this moment's
   * tombstones applied. Holds a reference until closed.
   */
  public Querier querier(long minT, long maxT) {
    acquire();
    return new BlockQuerier(this, minT, maxT, tombstones);
  }

  /**
   * Marks samples in {@code [minT, maxT]} of the series matching all matchers as deleted: adds tombstones
   * for series having chunks in that range, rewrites the tombstones file and meta.json (tombstone count).
   * Data is removed from disk by the next compaction.
   */
  public void delete(long minT, long maxT, Matcher... matchers) throws IOException, StorageException {
    acquire();
    try {
      synchronized (this) {
        Postings p = index.postingsForMatchers(matchers);
        IndexReader.SeriesEntry e = new IndexReader.SeriesEntry();
        Tombstones ts = tombstones;
        boolean changed = false;
        while (p.next()) {
          index.series(p.at(), e);
          for (int i = 0; i < e.chunkCount(); i++) {
            if (e.minTime(i) <= maxT && minT <= e.maxTime(i)) {
              // As Prometheus: clamp to the series' own data so the interval says what was deleted.
              long lo = Math.max(minT, e.minTime(0));
              long hi = Math.min(maxT, e.maxTime(e.chunkCount() - 1));
              ts = ts.with(p.at(), lo, hi);
              changed = true;
              break;
            }
          }
        }
        if (!changed) {
          return;
        }
        long tsSize = ts.write(dir, ops);
        BlockMeta m = meta;
        BlockMeta updated =
            new BlockMeta(
                m.ulid(),
                m.minTime(),
                m.maxTime(),
                new BlockMeta.Stats(
                    m.stats().numSamples(), m.stats().numSeries(), m.stats().numChunks(), ts.total()),
                m.compaction(),
                m.version());
        long mSize = MetaFile.write(dir, updated, ops);
        synchronized (lock) {
          tombstones = ts;
          meta = updated;
          tombstonesSize = tsSize;
          metaSize = mSize;
        }
      }
    } catch (CorruptFileException e) {
      throw CorruptBlockException.of(dir, e);
    } finally {
      release();
    }
  }

  /** Stops new readers; the files are unmapped when the last reader is done. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closing) {
        return;
      }
      closing = true;
    }
    release();
  }

  @Override
  public String toString() {
    return "block " + meta.ulid() + " [" + meta.minTime() + ", " + meta.maxTime() + ")";
  }
}
