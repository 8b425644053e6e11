package io.promethium.tsdb.fileio;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The file operations the block writers perform, behind one seam so tests can make a chosen file fail
 * (full disk, unwritable directory) without touching the real file system's permissions. Production code
 * uses {@link #local()}. Implementations must be thread-safe.
 */
public interface FileOps {
  /** Creates (or truncates) a file for writing. */
  FileChannel create(Path file) throws IOException;

  /** Forces a written file's content to disk. */
  void sync(FileChannel channel) throws IOException;

  /** Creates a directory and any missing parents. */
  void createDirectories(Path dir) throws IOException;

  /** Forces a directory's entries (new files, renames) to disk; a no-op where unsupported. */
  void syncDirectory(Path dir) throws IOException;

  /** Atomically renames {@code from} to {@code to}, replacing {@code to} if it is an empty directory. */
  void rename(Path from, Path to) throws IOException;

  /** Deletes a file or a directory tree; no error if it does not exist. */
  void deleteRecursively(Path path) throws IOException;

  /** The real file system. */
  static FileOps local() {
    return LocalFileOps.INSTANCE;
  }
}
