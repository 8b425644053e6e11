package io.promethium.tsdb.tombstone;

import io.promethium.tsdb.fileio.ByteDecoder;
import io.promethium.tsdb.fileio.ByteEncoder;
import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.fileio.FileOps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A block's deleted intervals per series reference, and the {@code tombstones} file that stores them:
 *
 * <pre>
 * magic &lt;4b 0x0130BA30&gt; version &lt;1b = 1&gt;
 * (series ref &lt;uvarint64&gt; mint &lt;varint64&gt; maxt &lt;varint64&gt;)*   one entry per interval
 * crc32c &lt;4b&gt;   over the entries (not magic, not version)
 * </pre>
 *
 * See {@code docs/format/tombstones.md}. Immutable once built: {@link #with} returns a new instance, so
 * a block can swap its tombstones atomically while queries read the old ones. Thread-safe.
 */
public final class Tombstones {
  public static final String FILE_NAME = "tombstones";
  public static final int MAGIC = 0x0130BA30;
  public static final int VERSION = 1;
  public static final int HEADER_SIZE = 5;
  public static final int CRC_SIZE = 4;
  public static final Tombstones EMPTY = new Tombstones(new TreeMap<>());

  private final TreeMap<Long, Intervals> bySeries;

  private Tombstones(TreeMap<Long, Intervals> bySeries) {
    this.bySeries = bySeries;
  }

  /** Deleted intervals of a series; {@link Intervals#EMPTY} if none. */
  public Intervals get(long seriesRef) {
    Intervals iv = bySeries.get(seriesRef);
    return iv == null ? Intervals.EMPTY : iv;
  }

  public boolean isEmpty() {
    return bySeries.isEmpty();
  }

  /** Number of intervals over all series (Prometheus's {@code numTombstones}). */
  public long total() {
    long n = 0;
    for (Intervals iv : bySeries.values()) {
      n += iv.size();
    }
    return n;
  }

  /** Series references with tombstones, ascending, and their intervals. */
  public Map<Long, Intervals> asMap() {
    return java.util.Collections.unmodifiableMap(bySeries);
  }

  /** A copy with {@code [min, max]} added for the series. */
  public Tombstones with(long seriesRef, long min, long max) {
    TreeMap<Long, Intervals> m = new TreeMap<>(bySeries);
    m.merge(seriesRef, Intervals.of(min, max), Intervals::addAll);
    return new Tombstones(m);
  }

  /** Reads {@code dir/tombstones}; a missing file means no tombstones. */
  public static Tombstones read(Path dir) throws IOException, CorruptFileException {
    Path file = dir.resolve(FILE_NAME);
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return EMPTY;
    }
    if (b.length < HEADER_SIZE + CRC_SIZE) {
      throw new CorruptFileException(file, 0, "tombstones file of " + b.length + " bytes is too short");
    }
    ByteBuffer bb = ByteBuffer.wrap(b);
    if (bb.getInt(0) != MAGIC) {
      throw new CorruptFileException(file, 0, String.format("invalid tombstones magic %08x", bb.getInt(0)));
    }
    if (b[4] != VERSION) {
      throw new CorruptFileException(file, 4, "unknown tombstones version " + b[4]);
    }
    int end = b.length - CRC_SIZE;
    ByteDecoder d = new ByteDecoder(bb, HEADER_SIZE, end);
    if (bb.getInt(end) != d.crc32c(HEADER_SIZE, end)) {
      throw new CorruptFileException(file, end, "tombstones checksum mismatch");
    }
    TreeMap<Long, Intervals> m = new TreeMap<>();
    while (d.remaining() > 0) {
      int at = d.position();
      long ref = d.readUvarint();
      long min = d.readVarint();
      long max = d.readVarint();
      if (d.failed()) {
        throw new CorruptFileException(file, at, "truncated tombstone entry");
      }
      m.merge(ref, Intervals.of(min, max), Intervals::addAll);
    }
    return new Tombstones(m);
  }

  /**
   * Writes {@code dir/tombstones} via a temporary file, fsync and rename, so a crash leaves either the old
   * or the new file. Returns the file size.
   */
  public long write(Path dir, FileOps ops) throws IOException {
    ByteEncoder e = new ByteEncoder(64);
    e.putBe32(MAGIC).putByte(VERSION);
    for (Map.Entry<Long, Intervals> en : bySeries.entrySet()) {
      Intervals iv = en.getValue();
      for (int i = 0; i < iv.size(); i++) {
        e.putUvarint(en.getKey()).putVarint(iv.min(i)).putVarint(iv.max(i));
      }
    }
    e.putBe32(e.crc32c(HEADER_SIZE, e.length()));
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    try {
      try (FileChannel ch = ops.create(tmp)) {
        e.writeTo(ch);
        ops.sync(ch);
      }
      ops.rename(tmp, dir.resolve(FILE_NAME));
      ops.syncDirectory(dir);
    } catch (IOException ex) {
      try {
        ops.deleteRecursively(tmp);
      } catch (IOException suppressed) {
        ex.addSuppressed(suppressed);
      }
      throw ex;
    }
    return e.length();
  }
}
