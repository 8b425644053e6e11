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
 * The {@code lock} file of a data directory, held for the life of the database and removed on close, as
 * Prometheus does. Not thread-safe.
 *
 * <p>The JDK can only take POSIX ({@code fcntl}) locks; Prometheus takes {@code flock} locks, and on Linux
 * the two kinds do not see each other. So after taking ours, we also look for an {@code flock} on the same
 * inode in {@code /proc/locks} (Linux only) and refuse when there is one: Promethium will not open a
 * directory a running Prometheus holds. The other way round cannot be enforced from Java: Prometheus does
 * not see our lock.
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
    if (l == null || heldByFlock(p)) {
      if (l != null) {
        l.release();
      }
      ch.close();
      throw new IOException("lock DB directory: resource temporarily unavailable");
    }
    return new LockFile(p, ch, l);
  }

  /** Whether {@code /proc/locks} lists an {@code flock} lock on this file's inode (false when unknown). */
  static boolean heldByFlock(Path p) {
    Path procLocks = Path.of("/proc/locks");
    if (!Files.isReadable(procLocks)) {
      return false;
    }
    try {
      long ino = ((Number) Files.getAttribute(p, "unix:ino")).longValue();
      long dev = ((Number) Files.getAttribute(p, "unix:dev")).longValue();
      // glibc's major()/minor() split of st_dev; /proc/locks prints them in hex, then the inode
      long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & 0xfffff000L);
      long minor = (dev & 0xff) | ((dev >>> 12) & 0xffffff00L);
      String id = String.format("%02x:%02x:%d", major, minor, ino);
      for (String line : Files.readAllLines(procLocks)) {
        // e.g. "1: FLOCK  ADVISORY  WRITE 4242 08:01:1234567 0 EOF"; "->" lines are waiters
        String[] f = line.trim().split("\\s+");
        if (f.length >= 6 && f[1].equals("FLOCK") && f[5].equals(id)) {
          return true;
        }
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
      return false;
    }
    return false;
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
