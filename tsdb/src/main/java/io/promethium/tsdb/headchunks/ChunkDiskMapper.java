package io.promethium.tsdb.headchunks;

import io.promethium.tsdb.chunk.ChunkEncoding;
import io.promethium.tsdb.chunk.XorChunk;
import io.promethium.tsdb.chunk.XorIterator;
import io.promethium.tsdb.fileio.HeapBufferWrites;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * Writes full head chunks to {@code chunks_head/} and reads them back, as Prometheus's
 * {@code ChunkDiskMapper}.
 *
 * <pre>
 * file   = magic 0x0130BC91 &lt;4b BE&gt; | version=1 &lt;1b&gt; | padding &lt;3b&gt; | chunk*
 * chunk  = series ref &lt;8b BE&gt; | minT &lt;8b BE&gt; | maxT &lt;8b BE&gt; | encoding &lt;1b&gt; | len &lt;uvarint&gt;
 *          | data &lt;len bytes&gt; | crc32c(everything before) &lt;4b BE&gt;
 * </pre>
 *
 * <table>
 *   <caption>where a chunk is read from</caption>
 *   <tr><th>state of its file</th><th>read</th></tr>
 *   <tr><td>sealed (a newer file exists)</td><td>read-only memory map of the whole file</td></tr>
 *   <tr><td>being written, bytes in the write buffer</td><td>copied from the buffer</td></tr>
 *   <tr><td>being written, bytes flushed</td><td>positional read</td></tr>
 * </table>
 *
 * <p>Maps are never unmapped explicitly: a query may still be reading a chunk of a file that truncation
 * deletes, and on JDK 17 an explicit unmap makes such a read crash the process. The kernel frees a deleted
 * file's space when the garbage collector drops the last buffer. Unflushed chunks lost in a crash are
 * rebuilt from the WAL, which holds every sample of the head.
 *
 * <p>Thread-safe: writes are serialised; reads of sealed files take no lock.
 */
public final class ChunkDiskMapper implements Closeable {
  public static final int MAGIC = 0x0130BC91;
  public static final int VERSION = 1;
  public static final int HEADER_SIZE = 8;
  static final int SERIES_REF_SIZE = 8;
  static final int MIN_T_OFFSET = SERIES_REF_SIZE;
  static final int MAX_T_OFFSET = MIN_T_OFFSET + 8;
  static final int ENCODING_OFFSET = MAX_T_OFFSET + 8;
  static final int LENGTH_OFFSET = ENCODING_OFFSET + 1;
  static final int MAX_LENGTH_FIELD_SIZE = 5;
  static final int CRC_SIZE = 4;
  /** Largest chunk overhead: the fields before the data plus the checksum. */
  public static final int MAX_META_SIZE = LENGTH_OFFSET + MAX_LENGTH_FIELD_SIZE + CRC_SIZE;
  public static final long DEFAULT_MAX_FILE_SIZE = 128L * 1024 * 1024;
  static final int WRITE_BUFFER_SIZE = 1 << 20;

  /** Receives every chunk found when opening existing files. */
  @FunctionalInterface
  public interface ChunkVisitor {
    void chunk(long seriesRef, long chunkRef, long minT, long maxT, int numSamples, int encoding) throws IOException;
  }

  private static final class Sealed {
    final ByteBuffer map;
    final long maxT;
    final long size;

    Sealed(ByteBuffer map, long maxT, long size) {
      this.map = map;
      this.maxT = maxT;
      this.size = size;
    }
  }

  private final Path dir;
  private final long maxFileSize;
  private final Map<Integer, Sealed> sealed = new ConcurrentHashMap<>();
  private final CRC32C crc = new CRC32C();
  private final byte[] meta = new byte[MAX_META_SIZE];

  // Active file; guarded by this.
  private FileChannel active;
  private int activeIndex;
  private long activeSize;
  private long activeMaxT = Long.MIN_VALUE;
  private final byte[] wbuf = new byte[WRITE_BUFFER_SIZE];
  private int wlen;
  private long wstart;
  private int lastIndex;
  private boolean closed;

  private ChunkDiskMapper(Path dir, long maxFileSize) {
    this.dir = dir;
    this.maxFileSize = maxFileSize;
  }

  /**
   * Opens {@code dir} (created if missing) and reports every stored chunk to {@code visitor}, oldest file
   * first. A corrupt file is truncated at the corruption (its later chunks, and all later files, are
   * deleted) and the exception is returned through {@code corruption} handling by the caller: this method
   * never fails on bad data, only on I/O errors.
   *
   * @return the mapper and the corruption that was repaired, if any
   */
  public static Opened open(Path dir, long maxFileSize, ChunkVisitor visitor) throws IOException {
    Files.createDirectories(dir);
    ChunkDiskMapper m = new ChunkDiskMapper(dir, maxFileSize);
    HeadChunkCorruptionException corruption = null;
    List<Integer> files = files(dir);
    for (int i = 0; i < files.size(); i++) {
      int idx = files.get(i);
      Path p = file(dir, idx);
      m.lastIndex = idx;
      if (corruption != null) {
        Files.deleteIfExists(p);
        continue;
      }
      try {
        m.scan(idx, p, visitor);
      } catch (HeadChunkCorruptionException e) {
        corruption = e;
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
          ch.truncate(Math.max(HEADER_SIZE, e.offset()));
        }
        if (e.offset() <= HEADER_SIZE) {
          Files.deleteIfExists(p);
          m.sealed.remove(idx);
        } else {
          m.sealed.remove(idx);
          m.scan(idx, p, (a, b, c, d, e2, f) -> {});
        }
      }
    }
    return new Opened(m, corruption);
  }

  /** A freshly opened mapper and the corruption repaired while opening, or {@code null}. */
  public record Opened(ChunkDiskMapper mapper, HeadChunkCorruptionException corruption) {}

  static String fileName(int index) {
    return String.format("%06d", index);
  }

  static Path file(Path dir, int index) {
    return dir.resolve(fileName(index));
  }

  static List<Integer> files(Path dir) throws IOException {
    List<Integer> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (!n.isEmpty() && n.length() <= 9 && n.chars().allMatch(c -> c >= '0' && c <= '9')) {
          out.add(Integer.parseInt(n));
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  private void scan(int idx, Path p, ChunkVisitor visitor) throws IOException {
    ByteBuffer map;
    long size;
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      size = ch.size();
      if (size > Integer.MAX_VALUE) {
        throw new HeadChunkCorruptionException(p, idx, Integer.MAX_VALUE, "file larger than 2 GiB");
      }
      map = size == 0 ? ByteBuffer.allocate(0) : ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }
    if (size < HEADER_SIZE) {
      throw new HeadChunkCorruptionException(p, idx, 0, "file of " + size + " bytes has no header");
    }
    if (map.getInt(0) != MAGIC) {
      throw new HeadChunkCorruptionException(p, idx, 0, String.format("invalid magic number %08x", map.getInt(0)));
    }
    if (map.get(4) != VERSION) {
      throw new HeadChunkCorruptionException(p, idx, 4, "invalid chunk format version " + map.get(4));
    }
    long maxT = Long.MIN_VALUE;
    int pos = HEADER_SIZE;
    while (pos < size) {
      if (size - pos < MAX_META_SIZE) {
        if (allZero(map, pos, (int) size)) {
          break;
        }
        throw new HeadChunkCorruptionException(p, idx, pos, "head chunk torn: " + (size - pos) + " trailing bytes");
      }
      long seriesRef = map.getLong(pos);
      long cMinT = map.getLong(pos + MIN_T_OFFSET);
      long cMaxT = map.getLong(pos + MAX_T_OFFSET);
      if (seriesRef == 0 && cMinT == 0 && cMaxT == 0) {
        break; // preallocated zeros: end of data
      }
      int enc = map.get(pos + ENCODING_OFFSET) & 0xFF;
      int q = pos + LENGTH_OFFSET;
      long len = 0;
      for (int shift = 0; ; shift += 7) {
        int b = map.get(q++);
        len |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          break;
        }
        if (shift > 28) {
          throw new HeadChunkCorruptionException(p, idx, pos, "chunk length varint too long");
        }
      }
      if (len < 0 || q + len + CRC_SIZE > size) {
        throw new HeadChunkCorruptionException(p, idx, pos, "head chunk torn: length " + len + " runs past the end");
      }
      int end = (int) (q + len);
      crc.reset();
      ByteBuffer span = map.duplicate();
      span.limit(end).position(pos);
      crc.update(span);
      if ((int) crc.getValue() != map.getInt(end)) {
        throw new HeadChunkCorruptionException(p, idx, pos, "checksum mismatch");
      }
      int numSamples = len >= 2 ? map.getShort(q) & 0xFFFF : 0;
      visitor.chunk(seriesRef, HeadChunkRef.of(idx, pos), cMinT, cMaxT, numSamples, enc);
      maxT = Math.max(maxT, cMaxT);
      pos = end + CRC_SIZE;
    }
    sealed.put(idx, new Sealed(map, maxT, size));
  }

  private static boolean allZero(ByteBuffer b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes a full chunk of series {@code seriesRef} and returns its reference.
   *
   * @param data the chunk's encoded bytes, header included
   */
  public synchronized long write(long seriesRef, long minT, long maxT, byte[] data, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("write to closed head chunk mapper " + dir);
    }
    long need = MAX_META_SIZE + len;
    if (active == null || activeSize + need > maxFileSize) {
      cut();
    }
    long chunkPos = activeSize;
    int m = 0;
    putLong(meta, m, seriesRef);
    putLong(meta, MIN_T_OFFSET, minT);
    putLong(meta, MAX_T_OFFSET, maxT);
    meta[ENCODING_OFFSET] = (byte) ChunkEncoding.XOR_CODE;
    m = LENGTH_OFFSET;
    long v = len;
    while ((v & ~0x7FL) != 0) {
      meta[m++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    meta[m++] = (byte) v;
    crc.reset();
    crc.update(meta, 0, m);
    crc.update(data, off, len);
    int sum = (int) crc.getValue();
    buffer(meta, 0, m);
    buffer(data, off, len);
    putInt(meta, 0, sum);
    buffer(meta, 0, CRC_SIZE);
    activeMaxT = Math.max(activeMaxT, maxT);
    return HeadChunkRef.of(activeIndex, chunkPos);
  }

  /** Convenience for {@link #write(long, long, long, byte[], int, int)} with a chunk's bytes. */
  public long write(long seriesRef, long minT, long maxT, XorChunk chunk) throws IOException {
    byte[] b = chunk.bytes();
    return write(seriesRef, minT, maxT, b, 0, b.length);
  }

  private void buffer(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (wlen == wbuf.length) {
        flushBuffer();
      }
      int n = Math.min(len, wbuf.length - wlen);
      System.arraycopy(b, off, wbuf, wlen, n);
      wlen += n;
      off += n;
      len -= n;
      activeSize += n;
    }
  }

  private void flushBuffer() throws IOException {
    HeapBufferWrites.write(active, wbuf, 0, wlen, wstart);
    wstart += wlen;
    wlen = 0;
  }

  /** Seals the active file (if any) and starts the next one. */
  public synchronized void cut() throws IOException {
    sealActive();
    int idx = lastIndex + 1;
    Path p = file(dir, idx);
    active = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    activeIndex = idx;
    lastIndex = idx;
    activeSize = 0;
    wstart = 0;
    wlen = 0;
    activeMaxT = Long.MIN_VALUE;
    byte[] h = new byte[HEADER_SIZE];
    putInt(h, 0, MAGIC);
    h[4] = VERSION;
    buffer(h, 0, HEADER_SIZE);
  }

  private void sealActive() throws IOException {
    if (active == null) {
      return;
    }
    flushBuffer();
    active.force(false);
    ByteBuffer map = active.map(FileChannel.MapMode.READ_ONLY, 0, activeSize);
    sealed.put(activeIndex, new Sealed(map, activeMaxT, activeSize));
    active.close();
    active = null;
  }

  /** Writes buffered chunks to the OS. */
  public synchronized void flush() throws IOException {
    if (active != null) {
      flushBuffer();
    }
  }

  /**
   * Resets {@code reuse} (or a new iterator) to the chunk at {@code ref}.
   *
   * @throws IOException if the reference points to no stored chunk
   */
  public XorIterator iterator(long ref, XorIterator reuse) throws IOException {
    XorIterator it = reuse != null ? reuse : new XorIterator();
    int file = HeadChunkRef.file(ref);
    int off = HeadChunkRef.offset(ref);
    Sealed s = sealed.get(file);
    if (s != null) {
      ByteBuffer m = s.map;
      int q = off + LENGTH_OFFSET;
      int len = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        int b = m.get(q++);
        len |= (b & 0x7F) << shift;
        if (b >= 0) {
          break;
        }
      }
      return it.reset(m, q, len);
    }
    synchronized (this) {
      if (active == null || file != activeIndex || off >= activeSize) {
        throw new IOException("head chunk ref " + file + ":" + off + " not found in " + dir);
      }
      byte[] b = readActive(off);
      int q = LENGTH_OFFSET;
      int len = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        int x = b[q++];
        len |= (x & 0x7F) << shift;
        if (x >= 0) {
          break;
        }
      }
      if (q + len > b.length) {
        b = readActive(off, q + len);
      }
      return it.reset(b, q, len);
    }
  }

  private byte[] readActive(int off) throws IOException {
    return readActive(off, (int) Math.min(512, activeSize - off));
  }

  private byte[] readActive(int off, int n) throws IOException {
    byte[] out = new byte[n];
    int got = 0;
    if (off < wstart) {
      int fromFile = (int) Math.min(n, wstart - off);
      ByteBuffer bb = ByteBuffer.wrap(out, 0, fromFile);
      while (bb.hasRemaining()) {
        int r = active.read(bb, off + bb.position());
        if (r < 0) {
          throw new IOException("short read of head chunk file " + fileName(activeIndex) + " at " + off);
        }
      }
      got = fromFile;
    }
    if (got < n) {
      int bufOff = (int) (off + got - wstart);
      System.arraycopy(wbuf, bufOff, out, got, n - got);
    }
    return out;
  }

  /**
   * Deletes sealed files whose newest chunk ends before {@code minT}, after sealing the active file so that
   * it can go in a later truncation, as Prometheus does on head truncation.
   */
  public synchronized void truncate(long minT) throws IOException {
    if (active != null && activeMaxT < minT) {
      sealActive();
    }
    for (Map.Entry<Integer, Sealed> e : new ArrayList<>(sealed.entrySet())) {
      if (e.getValue().maxT < minT) {
        sealed.remove(e.getKey());
        Files.deleteIfExists(file(dir, e.getKey()));
      }
    }
  }

  /** Bytes of all head chunk files. */
  public synchronized long size() {
    long total = active != null ? activeSize : 0;
    for (Sealed s : sealed.values()) {
      total += s.size;
    }
    return total;
  }

  public Path dir() {
    return dir;
  }

  /** Flushes, fsyncs and closes the active file. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (active != null) {
      try {
        flushBuffer();
        active.force(false);
      } finally {
        active.close();
        active = null;
      }
    }
    sealed.clear();
  }

  private static void putLong(byte[] b, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
