package io.promethium.tsdb.fileio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Writes of heap arrays to channels in slices of at most {@value #MAX_SLICE} bytes.
 *
 * <p>Why: a channel write from a heap buffer goes through a temporary direct buffer as large as the
 * bytes handed over, and the JDK keeps that buffer cached in the writing thread for good (unless
 * {@code jdk.nio.maxCachedBufferSize} says otherwise, which a library cannot rely on). One 20 MB index
 * written in one call would leave 20 MB of native memory on the compactor thread for the life of the
 * process, and a 1 MiB head-chunk flush 1 MiB on each appending thread. In slices, each thread that writes
 * keeps at most one slice, and the extra system calls are a few per megabyte.
 */
public final class HeapBufferWrites {
  /** Largest slice handed to a channel at once. */
  public static final int MAX_SLICE = 128 * 1024;

  private HeapBufferWrites() {}

  /** Writes {@code b[off, off + len)} at the channel's position. */
  public static void write(WritableByteChannel ch, byte[] b, int off, int len) throws IOException {
    int end = off + len;
    for (int at = off; at < end; ) {
      ByteBuffer slice = ByteBuffer.wrap(b, at, Math.min(MAX_SLICE, end - at));
      while (slice.hasRemaining()) {
        ch.write(slice);
      }
      at = slice.position();
    }
  }

  /** Writes {@code b[off, off + len)} at file position {@code pos}; the channel's own position is unused. */
  public static void write(FileChannel ch, byte[] b, int off, int len, long pos) throws IOException {
    int end = off + len;
    long filePos = pos;
    for (int at = off; at < end; ) {
      ByteBuffer slice = ByteBuffer.wrap(b, at, Math.min(MAX_SLICE, end - at));
      while (slice.hasRemaining()) {
        filePos += ch.write(slice, filePos);
      }
      at = slice.position();
    }
  }
}
