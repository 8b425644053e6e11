package io.promethium.tsdb.headchunks;

import java.io.IOException;
import java.nio.file.Path;

/** A head chunk file that cannot be read past {@code offset}: bad header, torn chunk or checksum mismatch. */
public final class HeadChunkCorruptionException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int fileIndex;
  private final long offset;

  public HeadChunkCorruptionException(Path file, int fileIndex, long offset, String reason) {
    super("corruption in head chunk file " + file + " at " + offset + ": " + reason);
    this.fileIndex = fileIndex;
    this.offset = offset;
  }

  public int fileIndex() {
    return fileIndex;
  }

  public long offset() {
    return offset;
  }
}
