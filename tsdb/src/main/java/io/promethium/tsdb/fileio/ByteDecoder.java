package io.promethium.tsdb.fileio;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the encodings of {@link ByteEncoder} from a {@link ByteBuffer} (typically a {@link MappedFile}),
 * using absolute offsets so one mapped buffer serves many decoders. A read past {@link #limit()} or a
 * malformed varint does not throw: it sets {@link #failed()} and records the offset, the way Go's
 * {@code encoding.Decbuf} carries an error, so callers check once per entry. Not thread-safe.
 */
public final class ByteDecoder {
  private ByteBuffer buf;
  private int pos;
  private int limit;
  private int failedAt = -1;

  public ByteDecoder() {}

  public ByteDecoder(ByteBuffer buf, int pos, int limit) {
    reset(buf, pos, limit);
  }

  public ByteDecoder reset(ByteBuffer b, int position, int lim) {
    this.buf = b;
    this.pos = position;
    this.limit = Math.min(lim, b.capacity());
    this.failedAt = -1;
    if (lim > b.capacity() || position > lim || position < 0) {
      fail(position);
    }
    return this;
  }

  public int position() {
    return pos;
  }

  public void position(int p) {
    if (p > limit || p < 0) {
      fail(p);
      return;
    }
    pos = p;
  }

  public int limit() {
    return limit;
  }

  public int remaining() {
    return limit - pos;
  }

  /** Whether a read ran past the limit or hit a malformed value. */
  public boolean failed() {
    return failedAt >= 0;
  }

  /** The file offset of the first failed read, or -1. */
  public int failedAt() {
    return failedAt;
  }

  private void fail(int at) {
    if (failedAt < 0) {
      failedAt = Math.max(at, 0);
    }
    pos = limit;
  }

  public int readByte() {
    if (pos >= limit) {
      fail(pos);
      return 0;
    }
    return buf.get(pos++) & 0xFF;
  }

  public int readBe32() {
    if (limit - pos < 4) {
      fail(pos);
      return 0;
    }
    int v = buf.getInt(pos);
    pos += 4;
    return v;
  }

  public long readBe64() {
    if (limit - pos < 8) {
      fail(pos);
      return 0;
    }
    long v = buf.getLong(pos);
    pos += 8;
    return v;
  }

  public long readUvarint() {
    int start = pos;
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        fail(start);
        return 0;
      }
      int b = buf.get(pos++);
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    fail(start);
    return 0;
  }

  public long readVarint() {
    long u = readUvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  /** A uvarint length, then that many UTF-8 bytes. */
  public String readUvarintString() {
    int n = (int) readUvarint();
    return readString(n);
  }

  public String readString(int n) {
    if (n < 0 || limit - pos < n) {
      fail(pos);
      return "";
    }
    String s;
    if (buf.hasArray()) {
      s = new String(buf.array(), buf.arrayOffset() + pos, n, StandardCharsets.UTF_8);
    } else {
      byte[] tmp = new byte[n];
      buf.get(pos, tmp, 0, n);
      s = new String(tmp, StandardCharsets.UTF_8);
    }
    pos += n;
    return s;
  }

  /** Skips a uvarint-prefixed string. */
  public void skipUvarintString() {
    int n = (int) readUvarint();
    skip(n);
  }

  public void skip(int n) {
    if (n < 0 || limit - pos < n) {
      fail(pos);
      return;
    }
    pos += n;
  }

  /**
   * Compares the uvarint-prefixed UTF-8 string at the current position with {@code other} (as UTF-8
   * bytes, unsigned, which equals Go's string order) without decoding; advances past it.
   */
  public int compareUvarintString(byte[] other) {
    int n = (int) readUvarint();
    if (n < 0 || limit - pos < n) {
      fail(pos);
      return 0;
    }
    int m = Math.min(n, other.length);
    int res = 0;
    for (int i = 0; i < m; i++) {
      int a = buf.get(pos + i) & 0xFF;
      int b = other[i] & 0xFF;
      if (a != b) {
        res = a - b;
        break;
      }
    }
    if (res == 0) {
      res = n - other.length;
    }
    pos += n;
    return res;
  }

  /** CRC32-Castagnoli of {@code [from, to)} of the underlying buffer. */
  public int crc32c(int from, int to) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    ByteBuffer d = buf.duplicate();
    d.limit(to).position(from);
    crc.update(d);
    return (int) crc.getValue();
  }
}
