package io.promethium.tsdb.chunk;

/**
 * The encoding byte stored in front of every chunk in a segment file (and in head chunk files). Codes are
 * Prometheus's {@code chunkenc.Encoding} values. Only {@link #XOR} is read and written by Promethium; the
 * histogram codes are named so that a block containing them is reported precisely rather than as garbage.
 * Immutable.
 */
public enum ChunkEncoding {
  NONE(0),
  XOR(1),
  HISTOGRAM(2),
  FLOAT_HISTOGRAM(3);

  /** Code of the XOR encoding, for hot paths that compare bytes rather than enum values. */
  public static final int XOR_CODE = 1;

  private final int code;

  ChunkEncoding(int code) {
    this.code = code;
  }

  /** The byte written to disk. */
  public int code() {
    return code;
  }

  /** The encoding for a code read from disk, or {@code null} if the code is unknown. */
  public static ChunkEncoding of(int code) {
    switch (code) {
      case 0:
        return NONE;
      case 1:
        return XOR;
      case 2:
        return HISTOGRAM;
      case 3:
        return FLOAT_HISTOGRAM;
      default:
        return null;
    }
  }
}
