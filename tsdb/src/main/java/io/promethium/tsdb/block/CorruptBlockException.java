package io.promethium.tsdb.block;

import io.promethium.core.storage.StorageException;
import io.promethium.tsdb.fileio.CorruptFileException;
import java.nio.file.Path;

/**
 * A block directory that cannot be opened because one of its files is corrupt or missing. Carries the block
 * directory, the file and the byte offset (-1 when not applicable), so the TSDB can skip the block and
 * report exactly what is wrong. Immutable.
 */
public final class CorruptBlockException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final transient Path blockDir;
  private final transient Path file;
  private final long offset;

  public CorruptBlockException(Path blockDir, Path file, long offset, String what, Throwable cause) {
    super("corrupt block " + blockDir.getFileName() + ": " + what, cause);
    this.blockDir = blockDir;
    this.file = file;
    this.offset = offset;
  }

  static CorruptBlockException of(Path blockDir, CorruptFileException e) {
    return new CorruptBlockException(blockDir, e.file(), e.offset(), e.getMessage(), e);
  }

  public Path blockDir() {
    return blockDir;
  }

  public Path file() {
    return file;
  }

  public long offset() {
    return offset;
  }
}
