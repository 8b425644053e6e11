package io.promethium.tsdb.wal;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads the records of a range of WAL segments in order (the layout is described on {@link Wal}).
 * Compressed and uncompressed records are both read. Any damage — torn fragment, bad checksum, fragment
 * out of sequence, non-zero padding — ends reading with a {@link WalCorruptionException} giving the segment
 * and the offset of the bad record's first fragment.
 *
 * <p>{@link #record()} is a scratch array valid until the next {@link #next()}. Not thread-safe.
 */
public final class WalReader implements Closeable {
  private final Path dir;
  private final List<Integer> segments;
  private final CRC32C crc = new CRC32C();
  private final byte[] header = new byte[Wal.RECORD_HEADER_SIZE];
  private final byte[] fragment = new byte[Wal.PAGE_SIZE];

  private int segPos = -1;
  private InputStream in;
  private long pos;
  private byte[] rec = new byte[4096];
  private int recLen;
  private byte[] packed = new byte[4096];
  private int packedLen;
  private long recStart;
  private int recSegment;
  private long bytesRead;

  private WalReader(Path dir, List<Integer> segments) {
    this.dir = dir;
    this.segments = segments;
  }

  /** A reader over segments {@code from..to} (inclusive) of {@code dir}; {@code to < 0} means the last. */
  public static WalReader open(Path dir, int from, int to) throws IOException {
    List<Integer> all = WalFiles.segments(dir);
    List<Integer> sel = new ArrayList<>();
    for (int i : all) {
      if (i >= from && (to < 0 || i <= to)) {
        sel.add(i);
      }
    }
    return new WalReader(dir, sel);
  }

  /** Segments chosen by this reader, in order. */
  public List<Integer> segments() {
    return segments;
  }

  public Path dir() {
    return dir;
  }

  /** The current record's bytes, valid up to {@link #length()}. */
  public byte[] record() {
    return rec;
  }

  public int length() {
    return recLen;
  }

  /** Segment index of the current record. */
  public int segment() {
    return recSegment;
  }

  /** Byte offset in its segment of the current record's first fragment. */
  public long offset() {
    return recStart;
  }

  /** Bytes consumed so far across all segments. */
  public long bytesRead() {
    return bytesRead;
  }

  /** Index of the segment being read, or -1 before the first. */
  public int currentSegment() {
    return segPos >= 0 && segPos < segments.size() ? segments.get(segPos) : -1;
  }

  private boolean advanceSegment() throws IOException {
    if (in != null) {
      in.close();
      in = null;
    }
    segPos++;
    if (segPos >= segments.size()) {
      return false;
    }
    in = new BufferedInputStream(Files.newInputStream(WalFiles.segment(dir, segments.get(segPos))), 1 << 16);
    pos = 0;
    return true;
  }

  private WalCorruptionException corruption(long at, String why) {
    return new WalCorruptionException(dir, segments.get(segPos), at, why);
  }

  private int readFully(byte[] b, int n) throws IOException {
    int got = 0;
    while (got < n) {
      int r = in.read(b, got, n - got);
      if (r < 0) {
        break;
      }
      got += r;
    }
    pos += got;
    bytesRead += got;
    return got;
  }

  /** Advances to the next record; false at the end of the last segment. */
  public boolean next() throws IOException {
    if (segPos < 0 && !advanceSegment()) {
      return false;
    }
    recLen = 0;
    packedLen = 0;
    int fragments = 0;
    boolean compressed = false;
    while (true) {
      if (in == null) {
        return false;
      }
      int b = in.read();
      if (b < 0) {
        if (fragments > 0) {
          throw corruption(recStart, "record torn at end of segment");
        }
        if (!advanceSegment()) {
          return false;
        }
        continue;
      }
      pos++;
      bytesRead++;
      if (b == Wal.TYPE_PAGE_TERM) {
        long at = pos - 1;
        int k = (int) (Wal.PAGE_SIZE - (pos % Wal.PAGE_SIZE));
        if (k == Wal.PAGE_SIZE) {
          continue;
        }
        int got = readFully(fragment, k);
        for (int i = 0; i < got; i++) {
          if (fragment[i] != 0) {
            throw corruption(at, "unexpected non-zero byte in padded page");
          }
        }
        continue;
      }
      if (fragments == 0) {
        recStart = pos - 1;
        recSegment = segments.get(segPos);
      }
      int type = b & Wal.TYPE_MASK;
      if ((b & Wal.ZSTD_FLAG) != 0) {
        throw corruption(recStart, "zstd-compressed record not supported");
      }
      if ((b & ~(Wal.TYPE_MASK | Wal.SNAPPY_FLAG)) != 0 || type > Wal.TYPE_LAST) {
        throw corruption(recStart, "invalid record type byte " + b);
      }
      boolean first = fragments == 0;
      if (first ? (type != Wal.TYPE_FULL && type != Wal.TYPE_FIRST) : (type != Wal.TYPE_MIDDLE && type != Wal.TYPE_LAST)) {
        throw corruption(recStart, "unexpected record type " + type + " after " + fragments + " fragments");
      }
      compressed = (b & Wal.SNAPPY_FLAG) != 0;
      if (readFully(header, 6) < 6) {
        throw corruption(recStart, "torn record header");
      }
      int length = ((header[0] & 0xFF) << 8) | (header[1] & 0xFF);
      int sum = ((header[2] & 0xFF) << 24) | ((header[3] & 0xFF) << 16) | ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
      if (length > Wal.PAGE_SIZE - Wal.RECORD_HEADER_SIZE) {
        throw corruption(recStart, "invalid record size " + length);
      }
      if (readFully(fragment, length) < length) {
        throw corruption(recStart, "torn record: expected " + length + " bytes");
      }
      crc.reset();
      crc.update(fragment, 0, length);
      if ((int) crc.getValue() != sum) {
        throw corruption(recStart, String.format("unexpected checksum %08x, expected %08x", (int) crc.getValue(), sum));
      }
      if (compressed) {
        packed = append(packed, packedLen, fragment, length);
        packedLen += length;
      } else {
        rec = append(rec, recLen, fragment, length);
        recLen += length;
      }
      fragments++;
      if (type == Wal.TYPE_FULL || type == Wal.TYPE_LAST) {
        if (compressed && packedLen > 0) {
          decompress();
        }
        return true;
      }
    }
  }

  private void decompress() throws WalCorruptionException {
    int n = Snappy.decodedLength(packed, packedLen);
    if (n < 0 || n > 1 << 30) {
      throw corruption(recStart, "snappy: invalid decoded length " + n);
    }
    if (rec.length < n) {
      rec = new byte[Math.max(n, rec.length * 2)];
    }
    try {
      recLen = Snappy.decompress(packed, packedLen, rec);
    } catch (IllegalArgumentException e) {
      throw corruption(recStart, e.getMessage());
    }
  }

  private static byte[] append(byte[] dst, int len, byte[] src, int n) {
    if (len + n > dst.length) {
      dst = Arrays.copyOf(dst, Math.max(dst.length * 2, len + n));
    }
    System.arraycopy(src, 0, dst, len, n);
    return dst;
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
      in = null;
    }
  }
}
