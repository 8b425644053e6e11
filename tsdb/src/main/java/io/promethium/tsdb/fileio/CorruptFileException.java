package io.promethium.tsdb.fileio;

import io.promethium.core.storage.StorageException;
import java.nio.file.Path;

/**
 * A block file (chunk segment, index, tombstones, meta.json) whose bytes are not what the format says: bad
 * magic, checksum mismatch, truncated entry. Carries the file and the byte offset where reading failed.
 * Immutable.
 */
public class CorruptFileException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  public CorruptFileException(Path file, long offset, String what) {
    super(file + " at byte " + offset + ": " + what);
    this.file = file;
    this.offset = offset;
  }

  public Path file() {
    return file;
  }

  /** Byte offset in {@link #file()} where the problem was found, or -1 if not applicable. */
  public long offset() {
    return offset;
  }
}
