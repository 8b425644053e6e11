package io.promethium.tsdb;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code lock} file of a data directory, held with an OS advisory lock ({@code flock}-style, which is
 * what Prometheus's {@code fileutil.Flock} takes) so a second process — Prometheus or Promethium — is refused.
 * Removed on close, as Prometheus does. Not thread-safe.
 */
final class LockFile implements Closeable {
  static final String NAME = "lock";

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private LockFile(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock or fails with Prometheus's message. */
  static LockFile acquire(Path dir) throws IOException {
    Path p = dir.resolve(NAME);
    FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      ch.close();
      throw new IOException("lock DB directory: resource temporarily unavailable");
    }
    return new LockFile(p, ch, l);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
      Files.deleteIfExists(path);
    }
  }
}
