package io.promethium.tsdb.chunk;

/**
 * An encoded chunk ready to be written to a block: time range of its samples (both inclusive), encoding
 * code and the encoded bytes (for XOR: the 2-byte header and bit stream, exactly {@link XorChunk#bytes()}).
 * The array is owned by the record's creator and must not be modified afterwards; treat as immutable.
 */
public record EncodedChunk(long minTime, long maxTime, int encoding, byte[] data) {
  /** An XOR chunk's bytes with its time range. */
  public static EncodedChunk xor(long minTime, long maxTime, byte[] data) {
    return new EncodedChunk(minTime, maxTime, ChunkEncoding.XOR_CODE, data);
  }

  /** Samples in the chunk, from the XOR header. */
  public int numSamples() {
    return data.length < 2 ? 0 : ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
  }
}
