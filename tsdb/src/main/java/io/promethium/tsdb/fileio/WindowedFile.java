package io.promethium.tsdb.fileio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-only file of any size mapped as overlapping windows, so readers keep using int-indexed {@link
 * ByteBuffer}s on files above 2 GiB (a large block index). Window {@code k} starts at {@code k × stride}
 * and spans {@code stride + overlap} bytes (less at the end of the file): any read of at most {@code
 * overlap} bytes that starts in window {@code k} lies entirely inside it. Files up to {@link
 * Integer#MAX_VALUE} bytes are a single window.
 *
 * <table>
 *   <caption>defaults</caption>
 *   <tr><th>setting</th><th>value</th><th>why</th></tr>
 *   <tr><td>stride</td><td>1 GiB</td><td>few mappings even for tens of GiB</td></tr>
 *   <tr><td>overlap</td><td>512 MiB</td><td>largest single section or entry a reader may need whole
 *       (a postings list of 128M series)</td></tr>
 * </table>
 *
 * <p>Thread-safe for reads; {@link #close()} after all readers are done.
 */
public final class WindowedFile implements AutoCloseable {
  public static final long DEFAULT_STRIDE = 1L << 30;
  public static final int DEFAULT_OVERLAP = 1 << 29;

  private final Path path;
  private final long size;
  private final long stride;
  private final int overlap;
  private final MappedFile[] windows;

  private WindowedFile(Path path, long size, long stride, int overlap, MappedFile[] windows) {
    this.path = path;
    this.size = size;
    this.stride = stride;
    this.overlap = overlap;
    this.windows = windows;
  }

  /** Maps the file with the default window sizes. */
  public static WindowedFile open(Path path) throws IOException {
    return open(path, DEFAULT_STRIDE, DEFAULT_OVERLAP);
  }

  /** Maps the file; a file no larger than {@code stride + overlap} (or 2 GiB) is one window. */
  public static WindowedFile open(Path path, long stride, int overlap) throws IOException {
    if (stride <= 0 || overlap < 0 || stride + overlap > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("bad window stride " + stride + " / overlap " + overlap);
    }
    long size;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      size = ch.size();
    }
    if (size <= Integer.MAX_VALUE && size <= stride + overlap) {
      return new WindowedFile(path, size, Math.max(size, 1), Integer.MAX_VALUE,
          new MappedFile[] {MappedFile.open(path)});
    }
    List<MappedFile> ws = new ArrayList<>();
    try {
      for (long start = 0; start < size; start += stride) {
        int len = (int) Math.min(size - start, stride + overlap);
        ws.add(MappedFile.open(path, start, len));
      }
    } catch (IOException | RuntimeException e) {
      for (MappedFile w : ws) {
        w.close();
      }
      throw e;
    }
    return new WindowedFile(path, size, stride, overlap, ws.toArray(new MappedFile[0]));
  }

  public Path path() {
    return path;
  }

  public long size() {
    return size;
  }

  /** Bytes guaranteed readable from any offset within its window (up to the end of the file). */
  public int maxRead() {
    return overlap;
  }

  /** The window holding {@code offset} (0 ≤ offset &lt; size). */
  public ByteBuffer buffer(long offset) {
    return windows[(int) (offset / stride)].buffer();
  }

  /** Position of {@code offset} inside {@link #buffer(long)}. */
  public int local(long offset) {
    return (int) (offset % stride);
  }

  /** File offset of position {@code local} in the window holding {@code anchor}. */
  public long absolute(long anchor, int local) {
    return (anchor / stride) * stride + local;
  }

  @Override
  public void close() {
    for (MappedFile w : windows) {
      w.close();
    }
  }
}
