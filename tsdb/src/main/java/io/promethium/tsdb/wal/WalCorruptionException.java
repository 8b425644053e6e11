package io.promethium.tsdb.wal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A WAL segment that cannot be read past a point: torn write, bad checksum, bad fragment sequence or a
 * record that does not decode. Carries the directory, segment index and the byte offset of the first
 * fragment of the bad record, which is where {@link Wal#repair} truncates.
 */
public final class WalCorruptionException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path dir;
  private final int segment;
  private final long offset;

  public WalCorruptionException(Path dir, int segment, long offset, String reason) {
    super("corruption in segment " + dir.resolve(WalFiles.segmentName(segment)) + " at " + offset + ": " + reason);
    this.dir = dir;
    this.segment = segment;
    this.offset = offset;
  }

  public Path dir() {
    return dir;
  }

  public int segment() {
    return segment;
  }

  public long offset() {
    return offset;
  }
}
