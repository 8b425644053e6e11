package io.promethium.tsdb.headchunks;

/**
 * The packed reference of a chunk in a head chunk file, as Prometheus's {@code ChunkDiskMapperRef}: file
 * sequence number in the upper 32 bits, byte offset of the chunk's first byte (its series ref) in the lower
 * 32 bits. See {@code docs/format/head_chunks.md}. Stateless.
 */
public final class HeadChunkRef {
  private HeadChunkRef() {}

  public static long of(int file, long offset) {
    return ((long) file << 32) | (offset & 0xFFFFFFFFL);
  }

  public static int file(long ref) {
    return (int) (ref >>> 32);
  }

  public static int offset(long ref) {
    return (int) ref;
  }
}
