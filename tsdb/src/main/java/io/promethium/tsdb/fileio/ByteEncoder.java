package io.promethium.tsdb.fileio;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A growable byte array with the encodings Prometheus's block files and WAL records use: big-endian fixed
 * ints, Go {@code binary.PutUvarint}/{@code PutVarint} (zig-zag) varints, and length-prefixed UTF-8 strings.
 * Reused across entries with {@link #reset()}. Not thread-safe.
 */
public final class ByteEncoder {
  private byte[] buf;
  private int len;

  public ByteEncoder() {
    this(256);
  }

  public ByteEncoder(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  public ByteEncoder reset() {
    len = 0;
    return this;
  }

  public int length() {
    return len;
  }

  /** The backing array; bytes {@code [0, length())} are valid until the next write. */
  public byte[] array() {
    return buf;
  }

  /** A copy of bytes {@code [0, length())}. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(len + extra, buf.length * 2));
    }
  }

  public ByteEncoder putByte(int b) {
    ensure(1);
    buf[len++] = (byte) b;
    return this;
  }

  public ByteEncoder putBytes(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
    return this;
  }

  public ByteEncoder putBe32(int v) {
    ensure(4);
    buf[len] = (byte) (v >>> 24);
    buf[len + 1] = (byte) (v >>> 16);
    buf[len + 2] = (byte) (v >>> 8);
    buf[len + 3] = (byte) v;
    len += 4;
    return this;
  }

  public ByteEncoder putBe64(long v) {
    ensure(8);
    // One 8-byte store: every sample of a WAL samples record has a 64-bit value.
    LONG_BE.set(buf, len, v);
    len += 8;
    return this;
  }

  private static final java.lang.invoke.VarHandle LONG_BE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

  /** Overwrites 4 bytes at {@code pos} (for length fields known only after the body). */
  public void setBe32(int pos, int v) {
    buf[pos] = (byte) (v >>> 24);
    buf[pos + 1] = (byte) (v >>> 16);
    buf[pos + 2] = (byte) (v >>> 8);
    buf[pos + 3] = (byte) v;
  }

  public ByteEncoder putUvarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
    return this;
  }

  public ByteEncoder putVarint(long v) {
    return putUvarint((v << 1) ^ (v >> 63));
  }

  /** A uvarint byte length, then the UTF-8 bytes; ASCII (most label names and values) without a copy. */
  public ByteEncoder putUvarintString(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putUvarint(b.length);
        return putBytes(b, 0, b.length);
      }
    }
    putUvarint(n);
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
    return this;
  }

  /** Zero bytes until the length is a multiple of {@code align}. */
  public ByteEncoder padTo(int align) {
    while (len % align != 0) {
      putByte(0);
    }
    return this;
  }

  /** CRC32-Castagnoli of bytes {@code [from, to)}. */
  public int crc32c(int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(buf, from, to - from);
    return (int) crc.getValue();
  }

  /** Number of bytes {@link #putUvarint} writes for {@code v}. */
  public static int uvarintSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** Writes all bytes to the channel, in slices ({@link HeapBufferWrites} says why). */
  public void writeTo(WritableByteChannel ch) throws IOException {
    HeapBufferWrites.write(ch, buf, 0, len);
  }
}
