package io.promethium.tsdb.chunk;

import java.util.Arrays;

/**
 * The writing half of an XOR chunk ({@link XorChunk} has the format): the buffer holding the encoded
 * bytes and the state an appender carries from sample to sample. A base class rather than a member so the
 * head can keep a series' open chunk in the series object itself ({@code MemSeries} extends it): one
 * object, and one cache miss, fewer per appended sample in a head too large for the caches.
 *
 * <p>Not thread-safe: subclasses synchronise.
 */
public abstract class XorEncoder {
  /** Size of the sample count header. */
  public static final int HEADER_SIZE = 2;
  /** Largest number of samples the 16-bit header can count. */
  public static final int MAX_SAMPLES = 0xFFFF;
  /** No value window yet: the next changed value writes its leading/trailing counts. */
  protected static final byte NO_WINDOW = -1;

  private static final java.lang.invoke.VarHandle LONG_BE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

  // Field widths are chosen to keep instances small: the head keeps one per series.
  /**
   * The encoded bytes, header first at index 0 (a subclass may point it elsewhere while it does not
   * append, as {@link XorChunk}'s read views do), then at least 8 zero bytes of slack; or null.
   */
  protected byte[] buf;
  /** Length in bits of the stream including the header (below 2^31: 64 KiB max). */
  protected int bitLen;
  /** The sample count, also in the header: kept here so that reading it does not touch the buffer. */
  protected char count;
  /** Last timestamp, delta and value bits; valid when {@link #count} &gt; 0 and the appender is ready. */
  protected long t;
  protected long tDelta;
  protected long vBits;
  /** Leading zeros of the value window (0..31), or {@link #NO_WINDOW}. */
  protected byte leading = NO_WINDOW;
  /** Trailing zeros of the value window (0..63). */
  protected byte trailing;
  /** The stream's partial last byte (its used high bits), or 0 when the stream ends on a byte boundary. */
  protected byte tailByte;

  protected XorEncoder() {}

  /** Starts a new empty stream in a fresh buffer of {@code capacity} bytes (it grows as needed). */
  protected final void startStream(int capacity) {
    buf = new byte[Math.max(HEADER_SIZE + 16, capacity)];
    bitLen = HEADER_SIZE * 8;
    count = 0;
    t = 0;
    tDelta = 0;
    vBits = 0;
    leading = NO_WINDOW;
    trailing = 0;
    tailByte = 0;
  }

  /**
   * Timestamp of the stream's first sample, decoded from the buffer (a zig-zag varint right after the
   * header, byte-aligned): for holders that need it rarely and would rather not keep 8 bytes for it.
   * Only when {@link #count} &gt; 0.
   */
  protected final long firstTimestamp() {
    long u = 0;
    int shift = 0;
    for (int i = HEADER_SIZE; ; i++, shift += 7) {
      byte b = buf[i];
      u |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return (u >>> 1) ^ -(u & 1);
      }
    }
  }

  /** Encoded size in bytes, header included. */
  protected final int encodedSize() {
    return (bitLen + 7) >>> 3;
  }

  /**
   * Appends a sample to a stream whose appender state is ready. Timestamps must not decrease (not
   * checked: the head checks order before it gets here, as in Prometheus).
   *
   * @throws IllegalStateException when the chunk already holds {@link #MAX_SAMPLES} samples
   */
  protected final void appendSample(long ts, double v) {
    int num = count;
    if (num == MAX_SAMPLES) {
      throw new IllegalStateException("xor chunk full: " + MAX_SAMPLES + " samples");
    }
    long bits = Double.doubleToRawLongBits(v);
    long newDelta = 0;
    if (num == 0) {
      writeVarint(ts);
      writeBits(bits, 64);
    } else if (num == 1) {
      newDelta = ts - t;
      writeUvarint(newDelta);
      writeValue(bits);
    } else {
      newDelta = ts - t;
      long dod = newDelta - tDelta;
      if (dod == 0) {
        writeBits(0, 1);
      } else if (fitsIn(dod, 14)) {
        writeBits(0b10, 2);
        writeBits(dod, 14);
      } else if (fitsIn(dod, 17)) {
        writeBits(0b110, 3);
        writeBits(dod, 17);
      } else if (fitsIn(dod, 20)) {
        writeBits(0b1110, 4);
        writeBits(dod, 20);
      } else {
        writeBits(0b1111, 4);
        writeBits(dod, 64);
      }
      writeValue(bits);
    }
    t = ts;
    vBits = bits;
    tDelta = newDelta;
    num++;
    count = (char) num;
    buf[0] = (byte) (num >>> 8);
    buf[1] = (byte) num;
  }

  /**
   * Go's {@code bitRange}: the range is asymmetric, [-(2^(n-1)-1), 2^(n-1)], because the reader maps
   * values above 2^(n-1) to negatives.
   */
  private static boolean fitsIn(long x, int nbits) {
    long half = 1L << (nbits - 1);
    return -(half - 1) <= x && x <= half;
  }

  private void writeValue(long bits) {
    long delta = bits ^ vBits;
    if (delta == 0) {
      writeBits(0, 1);
      return;
    }
    int lead = Long.numberOfLeadingZeros(delta);
    int trail = Long.numberOfTrailingZeros(delta);
    // The leading count has 5 bits on disk.
    if (lead >= 32) {
      lead = 31;
    }
    if (leading != NO_WINDOW && lead >= leading && trail >= trailing) {
      writeBits(0b10, 2);
      writeBits(delta >>> trailing, 64 - leading - trailing);
    } else {
      leading = (byte) lead;
      trailing = (byte) trail;
      int sig = 64 - lead - trail;
      // 11, then 5 bits of leading and 6 bits of significant count (64 wraps to 0).
      writeBits((0b11L << 11) | ((long) lead << 6) | (sig & 0x3F), 13);
      writeBits(delta >>> trail, sig);
    }
  }

  private void writeVarint(long v) {
    writeUvarint((v << 1) ^ (v >> 63));
  }

  private void writeUvarint(long v) {
    while ((v & ~0x7FL) != 0) {
      writeBits((v & 0x7F) | 0x80, 8);
      v >>>= 7;
    }
    writeBits(v, 8);
  }

  /** Writes the low {@code n} bits of {@code v}, most significant first. */
  private void writeBits(long v, int n) {
    if (n == 0) {
      return;
    }
    if (n > 56) {
      // One 8-byte store covers at most 57 bits at an arbitrary bit offset: split the rest.
      writeBits(v >>> 32, n - 32);
      writeBits(v & 0xFFFFFFFFL, 32);
      return;
    }
    // 8 bytes of slack after the stream so the word store below never runs off the array.
    int needBytes = ((bitLen + n + 7) >>> 3) + 8;
    if (needBytes > buf.length) {
      // 1.25x: the head keeps one open chunk per series, and a doubled buffer wastes up to half of it;
      // the copies are a few hundred bytes, a handful of times per chunk.
      int cap = buf.length;
      buf = Arrays.copyOf(buf, Math.max(needBytes + 16, cap + (cap >> 2)));
    }
    int idx = bitLen >>> 3;
    int used = bitLen & 7;
    // The word starts with the stream's partial last byte, kept in a field so that appending only
    // stores to the buffer's tail: reading it first was a cache miss per sample in a large head. The
    // rest of the word lands on bytes after the stream, which are zero, and stay zero past the new bits.
    long word = ((long) tailByte << 56) | ((v << (64 - n)) >>> used);
    LONG_BE.set(buf, idx, word);
    int end = used + n;
    tailByte = (end & 7) == 0 ? 0 : (byte) (word >>> (56 - ((end >>> 3) << 3)));
    bitLen += n;
  }
}
