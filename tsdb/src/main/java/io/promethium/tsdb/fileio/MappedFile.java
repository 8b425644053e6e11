package io.promethium.tsdb.fileio;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A whole file memory-mapped read-only, unmapped deterministically by {@link #close()}.
 *
 * <p>How it unmaps (see {@code docs/format/chunks.md}, section "Memory mapping"):
 *
 * <table>
 *   <caption>unmap strategy by runtime</caption>
 *   <tr><th>JDK</th><th>mapping</th><th>close</th><th>use after close</th></tr>
 *   <tr><td>22+</td><td>{@code FileChannel.map(..., Arena.ofShared())}</td><td>{@code Arena.close()}</td>
 *       <td>{@code IllegalStateException}</td></tr>
 *   <tr><td>17-21</td><td>{@code FileChannel.map(...)}</td><td>{@code Unsafe.invokeCleaner}</td>
 *       <td>undefined (may crash): callers must hold a reference count</td></tr>
 * </table>
 *
 * <p>Both paths need no JVM flags: the JDK 22+ API is reached through method handles because the code is
 * compiled for release 17; {@code sun.misc.Unsafe} lives in {@code jdk.unsupported}, which is open to
 * everyone. The Unsafe path is used only where the Arena path is unavailable, so JDK 25 prints no
 * "terminally deprecated" warning.
 *
 * <p>One mapping holds at most {@link Integer#MAX_VALUE} bytes (a {@link ByteBuffer} is int-indexed):
 * {@link #open(Path)} refuses larger files; {@link WindowedFile} maps a large file as overlapping
 * ranges. Promethium's chunk segments are at most 512 MiB.
 *
 * <p>Thread-safe for concurrent reads through {@link #buffer()} duplicates; {@link #close()} must happen
 * after all readers are done (blocks hold a reference count for that).
 */
public final class MappedFile implements AutoCloseable {
  private static final Unmapper UNMAPPER = Unmapper.create();
  /** Bytes currently mapped by all open instances in this JVM (address space, not resident memory). */
  private static final java.util.concurrent.atomic.AtomicLong MAPPED_BYTES =
      new java.util.concurrent.atomic.AtomicLong();

  private final Path path;
  private final ByteBuffer buffer;
  private final Object arena;
  private boolean closed;

  private MappedFile(Path path, ByteBuffer buffer, Object arena) {
    this.path = path;
    this.buffer = buffer;
    this.arena = arena;
  }

  /** Maps the whole file read-only. */
  public static MappedFile open(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) {
        throw new IOException(
            "mmap " + path + ": " + size + " bytes exceeds the supported maximum of " + Integer.MAX_VALUE);
      }
      return map(ch, path, 0, (int) size);
    }
  }

  /** Maps {@code length} bytes of the file from {@code offset} read-only. */
  public static MappedFile open(Path path, long offset, int length) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      if (offset < 0 || length < 0 || offset + length > ch.size()) {
        throw new IOException(
            "mmap " + path + ": range [" + offset + ", " + (offset + length) + ") outside file of "
                + ch.size() + " bytes");
      }
      return map(ch, path, offset, length);
    }
  }

  private static MappedFile map(FileChannel ch, Path path, long offset, int length) throws IOException {
    if (length == 0) {
      return new MappedFile(path, ByteBuffer.allocate(0), null);
    }
    Object arena = UNMAPPER.newArena();
    ByteBuffer buf = UNMAPPER.map(ch, offset, length, arena);
    MAPPED_BYTES.addAndGet(length);
    return new MappedFile(path, buf.order(ByteOrder.BIG_ENDIAN), arena);
  }

  public Path path() {
    return path;
  }

  /**
   * Bytes mapped by every open {@code MappedFile} of this JVM: a gauge for self-metrics, and a leak
   * check for tests (it returns to its previous value when all blocks are closed).
   */
  public static long totalMappedBytes() {
    return MAPPED_BYTES.get();
  }

  public int size() {
    return buffer.capacity();
  }

  /**
   * The mapped bytes, big-endian. Callers should use absolute gets or take a {@code duplicate()} before
   * moving the position; the returned buffer must not be used after {@link #close()}.
   */
  public ByteBuffer buffer() {
    return buffer;
  }

  /** Unmaps the file. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (buffer.capacity() > 0) {
      UNMAPPER.unmap(buffer, arena);
      MAPPED_BYTES.addAndGet(-buffer.capacity());
    }
  }

  /** The runtime-specific map/unmap strategy, chosen once per JVM. */
  private abstract static class Unmapper {
    abstract Object newArena();

    abstract ByteBuffer map(FileChannel ch, long offset, long size, Object arena) throws IOException;

    abstract void unmap(ByteBuffer buffer, Object arena);

    static Unmapper create() {
      if (Runtime.version().feature() >= 22) {
        try {
          return new ArenaUnmapper();
        } catch (ReflectiveOperationException e) {
          // fall through to the JDK 17 strategy
        }
      }
      try {
        return new CleanerUnmapper();
      } catch (ReflectiveOperationException e) {
        return new GcUnmapper();
      }
    }
  }

  /** JDK 22+: a shared arena per file; closing it unmaps and invalidates every view. */
  private static final class ArenaUnmapper extends Unmapper {
    private final MethodHandle ofShared;
    private final MethodHandle map;
    private final MethodHandle asByteBuffer;
    private final MethodHandle close;

    ArenaUnmapper() throws ReflectiveOperationException {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> arenaClass = Class.forName("java.lang.foreign.Arena");
      Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
      ofShared = lookup.findStatic(arenaClass, "ofShared", MethodType.methodType(arenaClass));
      map =
          lookup.findVirtual(
              FileChannel.class,
              "map",
              MethodType.methodType(
                  segmentClass, FileChannel.MapMode.class, long.class, long.class, arenaClass));
      asByteBuffer =
          lookup.findVirtual(segmentClass, "asByteBuffer", MethodType.methodType(ByteBuffer.class));
      close = lookup.findVirtual(arenaClass, "close", MethodType.methodType(void.class));
    }

    @Override
    Object newArena() {
      try {
        return ofShared.invoke();
      } catch (Throwable t) {
        throw new IllegalStateException("create arena", t);
      }
    }

    @Override
    ByteBuffer map(FileChannel ch, long offset, long size, Object arena) throws IOException {
      try {
        Object segment = map.invoke(ch, FileChannel.MapMode.READ_ONLY, offset, size, arena);
        return ((ByteBuffer) asByteBuffer.invoke(segment)).asReadOnlyBuffer();
      } catch (IOException | RuntimeException | Error e) {
        close(arena);
        throw e;
      } catch (Throwable t) {
        close(arena);
        throw new IOException("mmap", t);
      }
    }

    @Override
    void unmap(ByteBuffer buffer, Object arena) {
      close(arena);
    }

    private void close(Object arena) {
      try {
        close.invoke(arena);
      } catch (Throwable t) {
        throw new IllegalStateException("close arena", t);
      }
    }
  }

  /** JDK 17-21: plain mapping, released through {@code sun.misc.Unsafe.invokeCleaner}. */
  private static final class CleanerUnmapper extends Unmapper {
    private final MethodHandle invokeCleaner;

    CleanerUnmapper() throws ReflectiveOperationException {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field f = unsafeClass.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      Object unsafe = f.get(null);
      invokeCleaner =
          MethodHandles.lookup()
              .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
              .bindTo(unsafe);
    }

    @Override
    Object newArena() {
      return null;
    }

    @Override
    ByteBuffer map(FileChannel ch, long offset, long size, Object arena) throws IOException {
      return ch.map(FileChannel.MapMode.READ_ONLY, offset, size);
    }

    @Override
    void unmap(ByteBuffer buffer, Object arena) {
      try {
        invokeCleaner.invokeExact(buffer);
      } catch (Throwable t) {
        // Leave it to the garbage collector rather than fail a close.
      }
    }
  }

  /** Last resort when neither API is reachable: the mapping goes away when the buffer is collected. */
  private static final class GcUnmapper extends Unmapper {
    @Override
    Object newArena() {
      return null;
    }

    @Override
    ByteBuffer map(FileChannel ch, long offset, long size, Object arena) throws IOException {
      return ch.map(FileChannel.MapMode.READ_ONLY, offset, size);
    }

    @Override
    void unmap(ByteBuffer buffer, Object arena) {}
  }
}
