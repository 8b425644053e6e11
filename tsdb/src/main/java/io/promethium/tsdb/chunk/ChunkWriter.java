package io.promethium.tsdb.chunk;

import io.promethium.tsdb.fileio.ByteEncoder;
import io.promethium.tsdb.fileio.FileOps;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Writes chunks into a block's {@code chunks/} directory, cutting a new segment file when the next chunk
 * would push the current one past the maximum size (default 512 MiB, as Prometheus). Returns the chunk
 * reference the index stores (see {@link ChunkRef}). Each segment is fsynced when it is finished.
 *
 * <p>Not thread-safe. Close it (also on failure) to release the open file.
 */
public final class ChunkWriter implements AutoCloseable {
  private static final int FLUSH_THRESHOLD = 1 << 20;

  private final Path dir;
  private final FileOps ops;
  private final long maxSegmentSize;
  private final ByteEncoder pending = new ByteEncoder(FLUSH_THRESHOLD + 4096);
  private FileChannel current;
  private int segment = -1;
  /** Bytes of the current segment, written and pending. */
  private long segmentSize;
  private long totalBytes;

  public ChunkWriter(Path dir, FileOps ops) throws IOException {
    this(dir, ops, ChunkSegment.DEFAULT_MAX_SIZE);
  }

  public ChunkWriter(Path dir, FileOps ops, long maxSegmentSize) throws IOException {
    this.dir = dir;
    this.ops = ops;
    this.maxSegmentSize = maxSegmentSize;
    ops.createDirectories(dir);
  }

  /**
   * Appends one chunk and returns its reference.
   *
   * @param encoding code of the chunk encoding ({@link ChunkEncoding#code()})
   */
  public long write(int encoding, byte[] data, int off, int len) throws IOException {
    long entrySize = ByteEncoder.uvarintSize(len) + 1L + len + ChunkSegment.CRC_SIZE;
    if (current == null
        || (segmentSize > ChunkSegment.HEADER_SIZE && segmentSize + entrySize > maxSegmentSize)) {
      cut();
    }
    long ref = ChunkRef.of(segment, (int) segmentSize);
    pending.putUvarint(len);
    int crcFrom = pending.length();
    pending.putByte(encoding);
    pending.putBytes(data, off, len);
    pending.putBe32(pending.crc32c(crcFrom, pending.length()));
    segmentSize += entrySize;
    totalBytes += entrySize;
    if (pending.length() >= FLUSH_THRESHOLD) {
      flush();
    }
    return ref;
  }

  /** Bytes written so far over all segments, headers included. */
  public long size() {
    return totalBytes;
  }

  private void cut() throws IOException {
    finishSegment();
    segment++;
    current = ops.create(dir.resolve(ChunkSegment.fileName(segment)));
    pending.putBe32(ChunkSegment.MAGIC).putByte(ChunkSegment.VERSION).putByte(0).putByte(0).putByte(0);
    segmentSize = ChunkSegment.HEADER_SIZE;
    totalBytes += ChunkSegment.HEADER_SIZE;
  }

  private void flush() throws IOException {
    pending.writeTo(current);
    pending.reset();
  }

  private void finishSegment() throws IOException {
    if (current == null) {
      return;
    }
    FileChannel ch = current;
    current = null;
    try (ch) {
      pending.writeTo(ch);
      pending.reset();
      ops.sync(ch);
    }
  }

  /** Flushes, fsyncs and closes the last segment. */
  @Override
  public void close() throws IOException {
    try {
      finishSegment();
    } finally {
      pending.reset();
    }
  }
}
