package io.promethium.tsdb.fileio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link FileOps} for fault tests: files whose path matches {@code victim} fail like a full disk ("no
 * space left on device") once {@code bytesBeforeFailure} bytes have been written to them (0: fail on
 * create). Everything else goes to the real file system. Thread-safe.
 */
public final class FailingFileOps implements FileOps {
  private final Predicate<Path> victim;
  private final long bytesBeforeFailure;
  private final AtomicInteger failures = new AtomicInteger();

  public FailingFileOps(Predicate<Path> victim, long bytesBeforeFailure) {
    this.victim = victim;
    this.bytesBeforeFailure = bytesBeforeFailure;
  }

  /** How many operations were made to fail. */
  public int failures() {
    return failures.get();
  }

  private IOException fail(Path p) {
    failures.incrementAndGet();
    return new IOException(p + ": no space left on device");
  }

  @Override
  public FileChannel create(Path file) throws IOException {
    if (victim.test(file) && bytesBeforeFailure == 0) {
      throw fail(file);
    }
    FileChannel real = FileOps.local().create(file);
    return victim.test(file) ? new Limited(real, file) : real;
  }

  @Override
  public void sync(FileChannel channel) throws IOException {
    FileOps.local().sync(channel instanceof Limited l ? l.real : channel);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    if (victim.test(dir)) {
      throw fail(dir);
    }
    FileOps.local().createDirectories(dir);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    FileOps.local().syncDirectory(dir);
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    if (victim.test(to) && bytesBeforeFailure == 0) {
      throw fail(to);
    }
    FileOps.local().rename(from, to);
  }

  @Override
  public void deleteRecursively(Path path) throws IOException {
    FileOps.local().deleteRecursively(path);
  }

  /** Delegates to a real channel until the byte budget is spent. */
  private final class Limited extends FileChannel {
    final FileChannel real;
    final Path path;
    long written;

    Limited(FileChannel real, Path path) {
      this.real = real;
      this.path = path;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      if (written + src.remaining() > bytesBeforeFailure) {
        throw fail(path);
      }
      int n = real.write(src);
      written += n;
      return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      long n = 0;
      for (int i = offset; i < offset + length; i++) {
        n += write(srcs[i]);
      }
      return n;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      throw fail(path);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return real.read(dsts, offset, length);
    }

    @Override
    public long position() throws IOException {
      return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      real.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      real.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      real.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
      return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
      throw fail(path);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return real.read(dst, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      real.close();
    }
  }
}
