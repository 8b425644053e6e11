package io.promethium.tsdb.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array written front to back with the integer encodings Prometheus uses: big-endian
 * fixed width, unsigned LEB128 varints (Go's {@code binary.PutUvarint}) and zig-zag signed varints (Go's
 * {@code binary.PutVarint}). Reused across records by {@link #reset()}. Not thread-safe.
 */
public final class EncodeBuffer {
  private byte[] buf;
  private int len;

  public EncodeBuffer() {
    this(256);
  }

  public EncodeBuffer(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  public EncodeBuffer reset() {
    len = 0;
    return this;
  }

  /** The backing array; valid up to {@link #length()} until the next write. */
  public byte[] array() {
    return buf;
  }

  public int length() {
    return len;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  public void putByte(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  public void putBytes(byte[] src, int off, int n) {
    ensure(n);
    System.arraycopy(src, off, buf, len, n);
    len += n;
  }

  public void putBE32(int v) {
    ensure(4);
    buf[len] = (byte) (v >>> 24);
    buf[len + 1] = (byte) (v >>> 16);
    buf[len + 2] = (byte) (v >>> 8);
    buf[len + 3] = (byte) v;
    len += 4;
  }

  public void putBE64(long v) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[len + i] = (byte) v;
      v >>>= 8;
    }
    len += 8;
  }

  public void putUvarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
  }

  /** Zig-zag varint, as Go's {@code binary.PutVarint}. */
  public void putVarint(long v) {
    putUvarint((v << 1) ^ (v >> 63));
  }

  /** A uvarint byte length followed by the UTF-8 bytes. */
  public void putUvarintString(String s) {
    int n = s.length();
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      putUvarint(n);
      ensure(n);
      for (int i = 0; i < n; i++) {
        buf[len++] = (byte) s.charAt(i);
      }
    } else {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      putUvarint(b.length);
      putBytes(b, 0, b.length);
    }
  }
}
