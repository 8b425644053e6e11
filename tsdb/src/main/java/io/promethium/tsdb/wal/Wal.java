package io.promethium.tsdb.wal;

import io.promethium.core.metrics.Counter;
import io.promethium.core.metrics.Gauge;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.tsdb.fileio.ByteEncoder;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The writing side of the write-ahead log: appends records to the newest segment, in Prometheus's layout.
 *
 * <pre>
 * segment = page*;  page = 32 KiB of fragment* then zero padding
 * fragment: type &lt;1b&gt; | length &lt;2b BE&gt; | crc32c(data) &lt;4b BE&gt; | data &lt;length bytes&gt;
 * type: low 3 bits 1=full 2=first 3=middle 4=last (0 = rest of page is padding); bit 3 = Snappy block
 * </pre>
 *
 * <p>A record is compressed whole (when that makes it smaller) and then split into fragments so that no
 * fragment crosses a page and no record crosses a segment. Details: {@code docs/format/wal.md}.
 *
 * <table>
 *   <caption>durability</caption>
 *   <tr><th>event</th><th>what happens</th></tr>
 *   <tr><td>{@link #log} (one commit)</td><td>partial page written to the OS (survives a process kill)</td></tr>
 *   <tr><td>page full</td><td>page written</td></tr>
 *   <tr><td>segment cut, {@link #close()}</td><td>page padded and written, segment fsynced</td></tr>
 * </table>
 *
 * <p>A new segment is started every time the log is opened, as Prometheus does, so that a torn tail of an
 * older segment is never appended to. Thread-safe: {@link #log} calls are serialised.
 */
public final class Wal implements Closeable {
  public static final int PAGE_SIZE = 32 * 1024;
  public static final int RECORD_HEADER_SIZE = 7;
  public static final int DEFAULT_SEGMENT_SIZE = 128 * 1024 * 1024;

  static final int TYPE_PAGE_TERM = 0;
  static final int TYPE_FULL = 1;
  static final int TYPE_FIRST = 2;
  static final int TYPE_MIDDLE = 3;
  static final int TYPE_LAST = 4;
  static final int SNAPPY_FLAG = 0x08;
  static final int ZSTD_FLAG = 0x10;
  static final int TYPE_MASK = 0x07;

  private final Path dir;
  private final int segmentSize;
  private final boolean compress;
  private final Metrics metrics;
  private final Snappy snappy = new Snappy();
  private final CRC32C crc = new CRC32C();
  private final byte[] page = new byte[PAGE_SIZE];
  private byte[] compressed = new byte[0];

  private FileChannel segmentFile;
  private int segmentIndex;
  private int pageAlloc;
  private int pageFlushed;
  private int donePages;
  private boolean closed;

  /** Self-metrics under Prometheus's names; shared by every WAL of a registry. */
  static final class Metrics {
    final Counter pageFlushes;
    final Counter completedPages;
    final Counter writesFailed;
    final Counter truncations;
    final Counter truncationsFailed;
    final Counter fsyncs;
    final Gauge currentSegment;
    final Counter bytesSaved;

    Metrics(MetricsRegistry r) {
      pageFlushes = r.counter("prometheus_tsdb_wal_page_flushes_total", "Total number of page flushes.");
      completedPages = r.counter("prometheus_tsdb_wal_completed_pages_total", "Total number of completed pages.");
      writesFailed = r.counter("prometheus_tsdb_wal_writes_failed_total", "Total number of write log writes that failed.");
      truncations = r.counter("prometheus_tsdb_wal_truncations_total", "Total number of write log truncations attempted.");
      truncationsFailed = r.counter("prometheus_tsdb_wal_truncations_failed_total", "Total number of write log truncations that failed.");
      fsyncs = r.counter("prometheus_tsdb_wal_fsync_total", "Total number of write log fsyncs.");
      currentSegment = r.gauge("prometheus_tsdb_wal_segment_current", "Write log segment index that TSDB is currently writing to.");
      bytesSaved = r.counter("prometheus_tsdb_wal_record_bytes_saved_total", "Total number of bytes saved by the optional record compression.");
    }
  }

  private Wal(Path dir, int segmentSize, boolean compress, MetricsRegistry registry) {
    if (segmentSize % PAGE_SIZE != 0 || segmentSize < PAGE_SIZE) {
      throw new IllegalArgumentException("invalid WAL segment size " + segmentSize + ": must be a multiple of " + PAGE_SIZE);
    }
    this.dir = dir;
    this.segmentSize = segmentSize;
    this.compress = compress;
    this.metrics = new Metrics(registry == null ? new MetricsRegistry() : registry);
  }

  /**
   * Opens the log in {@code dir} (created if missing) and starts a new segment after the last existing one.
   *
   * @param compress whether to Snappy-compress records (reading handles both regardless)
   */
  public static Wal open(Path dir, int segmentSize, boolean compress, MetricsRegistry registry) throws IOException {
    Files.createDirectories(dir);
    Wal w = new Wal(dir, segmentSize, compress, registry);
    List<Integer> segs = WalFiles.segments(dir);
    w.createSegment(segs.isEmpty() ? 0 : segs.get(segs.size() - 1) + 1);
    return w;
  }

  public Path dir() {
    return dir;
  }

  public boolean compress() {
    return compress;
  }

  /** Index of the segment being written. */
  public synchronized int currentSegment() {
    return segmentIndex;
  }

  private void createSegment(int index) throws IOException {
    Path p = WalFiles.segment(dir, index);
    segmentFile = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    segmentIndex = index;
    donePages = 0;
    pageAlloc = 0;
    pageFlushed = 0;
    metrics.currentSegment.set(index);
  }

  /** Logs the records as one batch: written to the OS before this returns. */
  public synchronized void log(ByteEncoder... records) throws IOException {
    ensureOpen();
    try {
      for (int i = 0; i < records.length; i++) {
        logRecord(records[i].array(), records[i].length(), i == records.length - 1);
      }
    } catch (IOException e) {
      metrics.writesFailed.inc();
      throw e;
    }
  }

  /** Logs one record and writes it to the OS. */
  public synchronized void log(byte[] rec, int len) throws IOException {
    ensureOpen();
    try {
      logRecord(rec, len, true);
    } catch (IOException e) {
      metrics.writesFailed.inc();
      throw e;
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("write to closed WAL " + dir);
    }
  }

  private boolean pageFull() {
    return PAGE_SIZE - pageAlloc < RECORD_HEADER_SIZE;
  }

  private void logRecord(byte[] rec, int len, boolean last) throws IOException {
    if (pageFull()) {
      flushPage(true);
    }
    boolean isCompressed = false;
    byte[] src = rec;
    int n = len;
    if (compress && len > 0) {
      int max = Snappy.maxCompressedLength(len);
      if (compressed.length < max) {
        compressed = new byte[max];
      }
      int c = snappy.compress(rec, len, compressed);
      if (c < len) {
        metrics.bytesSaved.add(len - c);
        src = compressed;
        n = c;
        isCompressed = true;
      }
    }
    // A record never spans segments: cut when it does not fit in what is left of this one.
    long left = (PAGE_SIZE - pageAlloc) - RECORD_HEADER_SIZE;
    left += (long) (PAGE_SIZE - RECORD_HEADER_SIZE) * (segmentSize / PAGE_SIZE - donePages - 1);
    if (n > left) {
      nextSegment();
    }
    int off = 0;
    for (int i = 0; i == 0 || off < n; i++) {
      int part = Math.min(n - off, PAGE_SIZE - pageAlloc - RECORD_HEADER_SIZE);
      int type;
      if (i == 0 && part == n) {
        type = TYPE_FULL;
      } else if (off + part == n) {
        type = TYPE_LAST;
      } else if (i == 0) {
        type = TYPE_FIRST;
      } else {
        type = TYPE_MIDDLE;
      }
      if (isCompressed) {
        type |= SNAPPY_FLAG;
      }
      crc.reset();
      crc.update(src, off, part);
      int sum = (int) crc.getValue();
      int h = pageAlloc;
      page[h] = (byte) type;
      page[h + 1] = (byte) (part >>> 8);
      page[h + 2] = (byte) part;
      page[h + 3] = (byte) (sum >>> 24);
      page[h + 4] = (byte) (sum >>> 16);
      page[h + 5] = (byte) (sum >>> 8);
      page[h + 6] = (byte) sum;
      System.arraycopy(src, off, page, h + RECORD_HEADER_SIZE, part);
      pageAlloc += RECORD_HEADER_SIZE + part;
      off += part;
      if (pageFull()) {
        flushPage(true);
      }
    }
    if (last && pageAlloc > pageFlushed) {
      flushPage(false);
    }
  }

  /** Writes the unwritten part of the page; with {@code clear}, pads it to the end and starts a new page. */
  private void flushPage(boolean clear) throws IOException {
    metrics.pageFlushes.inc();
    if (clear) {
      pageAlloc = PAGE_SIZE; // bytes after the data are already zero
    }
    ByteBuffer b = ByteBuffer.wrap(page, pageFlushed, pageAlloc - pageFlushed);
    while (b.hasRemaining()) {
      segmentFile.write(b);
    }
    pageFlushed = pageAlloc;
    if (clear) {
      Arrays.fill(page, (byte) 0);
      pageAlloc = 0;
      pageFlushed = 0;
      donePages++;
      metrics.completedPages.inc();
    }
  }

  /** Pads and fsyncs the current segment and starts the next one; returns the new segment's index. */
  public synchronized int nextSegment() throws IOException {
    ensureOpen();
    if (pageAlloc > 0) {
      flushPage(true);
    }
    segmentFile.force(false);
    metrics.fsyncs.inc();
    segmentFile.close();
    createSegment(segmentIndex + 1);
    return segmentIndex;
  }

  /** Deletes every segment with an index below {@code index} (after a checkpoint covers them). */
  public void truncate(int index) throws IOException {
    metrics.truncations.inc();
    try {
      for (int i : WalFiles.segments(dir)) {
        if (i >= index) {
          break;
        }
        Files.deleteIfExists(WalFiles.segment(dir, i));
      }
    } catch (IOException e) {
      metrics.truncationsFailed.inc();
      throw e;
    }
  }

  /** Bytes on disk: segments and checkpoints. */
  public long size() throws IOException {
    return directorySize(dir);
  }

  static long directorySize(Path d) throws IOException {
    long total = 0;
    if (!Files.isDirectory(d)) {
      return 0;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
      for (Path p : ds) {
        try {
          total += Files.isDirectory(p) ? directorySize(p) : Files.size(p);
        } catch (java.nio.file.NoSuchFileException e) {
          // deleted concurrently by a truncation
        }
      }
    }
    return total;
  }

  /** Writes the pending page, fsyncs the segment. */
  public synchronized void sync() throws IOException {
    ensureOpen();
    if (pageAlloc > pageFlushed) {
      flushPage(false);
    }
    segmentFile.force(false);
    metrics.fsyncs.inc();
  }

  /** Pads the last page, fsyncs and closes. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (pageAlloc > 0) {
        flushPage(true);
      }
      segmentFile.force(false);
    } finally {
      segmentFile.close();
    }
  }

  /**
   * Repairs the log after a {@link WalCorruptionException} found while reading (before the log is opened
   * for writing): truncates the bad segment at the first byte of the bad record and deletes every later
   * segment, as Prometheus's {@code Repair}. Records before the corruption are kept as they are.
   */
  public static void repair(WalCorruptionException e) throws IOException {
    Path d = e.dir();
    for (int i : WalFiles.segments(d)) {
      if (i > e.segment()) {
        Files.deleteIfExists(WalFiles.segment(d, i));
      }
    }
    Path seg = WalFiles.segment(d, e.segment());
    if (Files.exists(seg)) {
      try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
        if (ch.size() > e.offset()) {
          ch.truncate(e.offset());
        }
        ch.force(true);
      }
    }
  }
}
