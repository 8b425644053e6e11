package io.promethium.tsdb.chunk;

/**
 * Packs and unpacks the 64-bit reference of a chunk inside a block: segment file index (0-based position
 * of the file in {@code chunks/}, so {@code 000001} is 0) in the upper 32 bits, byte offset of the chunk's
 * length field in the lower 32. See {@code docs/format/refs.md}. Stateless.
 */
public final class ChunkRef {
  private ChunkRef() {}

  public static long of(int segment, int offset) {
    return ((long) segment << 32) | (offset & 0xFFFFFFFFL);
  }

  public static int segment(long ref) {
    return (int) (ref >>> 32);
  }

  public static int offset(long ref) {
    return (int) ref;
  }
}
