package io.promethium.tsdb.record;

import io.promethium.tsdb.fileio.ByteEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over a byte range that reads the encodings of {@link ByteEncoder}. Running past the end or a
 * malformed varint throws {@link RecordDecodeException} with the byte offset. Not thread-safe.
 */
public final class DecodeBuffer {
  private byte[] buf;
  private int pos;
  private int limit;

  public DecodeBuffer() {}

  public DecodeBuffer(byte[] buf, int off, int len) {
    reset(buf, off, len);
  }

  public DecodeBuffer reset(byte[] b, int off, int len) {
    this.buf = b;
    this.pos = off;
    this.limit = off + len;
    return this;
  }

  public int remaining() {
    return limit - pos;
  }

  public int position() {
    return pos;
  }

  private void need(int n) throws RecordDecodeException {
    if (limit - pos < n) {
      throw new RecordDecodeException("unexpected end of record at byte " + pos + " (need " + n + ")");
    }
  }

  public int byte1() throws RecordDecodeException {
    need(1);
    return buf[pos++] & 0xFF;
  }

  public int be32() throws RecordDecodeException {
    need(4);
    int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
        | (buf[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  public long be64() throws RecordDecodeException {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  public long uvarint() throws RecordDecodeException {
    long v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (pos >= limit) {
        throw new RecordDecodeException("unexpected end of record in varint at byte " + pos);
      }
      int b = buf[pos++];
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw new RecordDecodeException("varint overflows 64 bits at byte " + pos);
  }

  public long varint() throws RecordDecodeException {
    long u = uvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  public String uvarintString() throws RecordDecodeException {
    long n = uvarint();
    if (n < 0 || n > remaining()) {
      throw new RecordDecodeException("string length " + n + " exceeds record at byte " + pos);
    }
    int len = (int) n;
    String s = new String(buf, pos, len, StandardCharsets.UTF_8);
    pos += len;
    return s;
  }

  /** As {@link #uvarintString()}, the string taken from {@code strings} (no new one when known). */
  public String uvarintString(Utf8Interner strings) throws RecordDecodeException {
    long n = uvarint();
    if (n < 0 || n > remaining()) {
      throw new RecordDecodeException("string length " + n + " exceeds record at byte " + pos);
    }
    int len = (int) n;
    String s = strings.intern(buf, pos, len);
    pos += len;
    return s;
  }

  public void skip(int n) throws RecordDecodeException {
    need(n);
    pos += n;
  }
}
