package io.promethium.tsdb.chunk;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A float chunk in Prometheus's XOR ("Gorilla") encoding, byte-identical to Go's {@code chunkenc.XORChunk}.
 *
 * <pre>
 * ┌──────────────────────┬───────────────────────────────────────────────────────────┐
 * │ num_samples &lt;2b BE&gt; │ bit stream, most significant bit first, zero-padded       │
 * └──────────────────────┴───────────────────────────────────────────────────────────┘
 * sample 0: t &lt;varint&gt;, v &lt;64 bits&gt;
 * sample 1: t - t0 &lt;uvarint&gt;, value xor
 * sample n: delta-of-delta: '0' | '10' 14b | '110' 17b | '1110' 20b | '1111' 64b, value xor
 * value xor: '0' same value | '10' bits in previous window | '11' leading&lt;5b&gt; sigbits&lt;6b&gt; bits
 * </pre>
 *
 * <p>See {@code docs/format/chunks.md}. A chunk built with {@link #XorChunk()} is appendable; one built
 * from bytes is a read view over the caller's array until the first {@link #append}, which copies it.
 * At most 65535 samples fit (the header is 16 bits); the head cuts chunks at 120.
 *
 * <p>Not thread-safe: appends and reads of the same instance need outside synchronisation. {@link
 * #bytes()} returns a copy owned by the caller.
 */
public final class XorChunk {
  /** Size of the sample count header. */
  public static final int HEADER_SIZE = 2;
  /** Largest number of samples the 16-bit header can count. */
  public static final int MAX_SAMPLES = 0xFFFF;
  /** Initial buffer of a new chunk when its size cannot be predicted. */
  public static final int DEFAULT_CAPACITY = 128;
  /** No value window yet: the next changed value writes its leading/trailing counts. */
  private static final byte NO_WINDOW = -1;

  private static final java.lang.invoke.VarHandle LONG_BE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

  // Field widths are chosen so an instance takes 56 bytes, not 64: the head keeps one per series.
  private byte[] buf;
  private int off;
  /** Length in bits of the stream including the header, relative to {@link #off} (below 2^31: 64 KiB max). */
  private int bitLen;
  /** Whether {@link #buf} is the caller's array (copy before writing). */
  private boolean borrowed;
  /** The sample count, also in the header: kept here so that reading it does not touch the buffer. */
  private char count;

  // Appender state; valid when appenderReady.
  private boolean appenderReady;
  private long t;
  private long tDelta;
  private long vBits;
  /** Leading zeros of the value window (0..31), or {@link #NO_WINDOW}. */
  private byte leading = NO_WINDOW;
  /** Trailing zeros of the value window (0..63). */
  private byte trailing;
  /** The stream's partial last byte (its used high bits), or 0 when the stream ends on a byte boundary. */
  private byte tailByte;

  /** A new empty, appendable chunk. */
  public XorChunk() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * A new empty, appendable chunk whose buffer starts at {@code capacity} bytes (it grows as needed), for
   * callers that can predict the final size.
   */
  public XorChunk(int capacity) {
    buf = new byte[Math.max(HEADER_SIZE + 16, capacity)];
    off = 0;
    bitLen = HEADER_SIZE * 8;
    appenderReady = true;
  }

  /**
   * A view over encoded chunk bytes (header included), e.g. read from a segment file. The array is not
   * copied unless the chunk is appended to.
   */
  public XorChunk(byte[] bytes, int off, int len) {
    if (len < HEADER_SIZE) {
      throw new IllegalArgumentException("xor chunk of " + len + " bytes is shorter than its 2-byte header");
    }
    if (len > Integer.MAX_VALUE >>> 3) {
      throw new IllegalArgumentException("xor chunk of " + len + " bytes is longer than any chunk can be");
    }
    this.buf = bytes;
    this.off = off;
    this.bitLen = len * 8;
    this.borrowed = true;
    this.count = (char) (((bytes[off] & 0xFF) << 8) | (bytes[off + 1] & 0xFF));
  }

  public ChunkEncoding encoding() {
    return ChunkEncoding.XOR;
  }

  public int numSamples() {
    return count;
  }

  /** Encoded size in bytes, header included. */
  public int size() {
    return (bitLen + 7) >>> 3;
  }

  /** A copy of the exact encoded bytes, header included, as written to disk. */
  public byte[] bytes() {
    return Arrays.copyOfRange(buf, off, off + size());
  }

  /** Copies the encoded bytes into {@code dst} at its position, advancing it. */
  public void writeTo(ByteBuffer dst) {
    dst.put(buf, off, size());
  }

  /** Timestamp of the last appended sample; only meaningful when {@link #numSamples()} &gt; 0. */
  public long lastTimestamp() {
    prepareAppender();
    return t;
  }

  /** Raw bits of the last appended value; only meaningful when {@link #numSamples()} &gt; 0. */
  public long lastValueBits() {
    prepareAppender();
    return vBits;
  }

  /**
   * An iterator over this chunk's samples. The iterator reads a snapshot of the bytes taken now; appends
   * made later are not seen.
   *
   * @param reuse an iterator to reset and return, or {@code null} to allocate one
   */
  public XorIterator iterator(XorIterator reuse) {
    XorIterator it = reuse != null ? reuse : new XorIterator();
    it.reset(buf, off, size());
    return it;
  }

  /**
   * Appends a sample. Timestamps must not decrease (not checked: the head checks order before it gets
   * here, as in Prometheus).
   *
   * @throws IllegalStateException when the chunk already holds {@link #MAX_SAMPLES} samples
   */
  public void append(long ts, double v) {
    prepareAppender();
    int num = numSamples();
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
    buf[off] = (byte) (num >>> 8);
    buf[off + 1] = (byte) num;
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
    if (off + needBytes > buf.length) {
      // 1.25x: the head keeps one open chunk per series, and a doubled buffer wastes up to half of it;
      // the copies are a few hundred bytes, a handful of times per chunk.
      int cap = buf.length - off;
      buf = Arrays.copyOfRange(buf, off, off + Math.max(needBytes + 16, cap + (cap >> 2)));
      off = 0;
    }
    int idx = off + (bitLen >>> 3);
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

  /** Makes the buffer private and recovers the appender state by decoding, as Go's Appender() does. */
  private void prepareAppender() {
    if (borrowed) {
      int size = size();
      byte[] own = new byte[Math.max(128, size + 16)];
      System.arraycopy(buf, off, own, 0, size);
      buf = own;
      off = 0;
      borrowed = false;
    }
    if (appenderReady) {
      return;
    }
    XorIterator it = iterator(null);
    while (it.next()) {
      // decode to the end to learn the state
    }
    if (it.error() != null) {
      throw new IllegalStateException("cannot append to corrupt xor chunk: " + it.error().getMessage());
    }
    t = it.timestamp();
    tDelta = it.timeDelta();
    vBits = Double.doubleToRawLongBits(it.value());
    int lead = it.leading();
    leading = lead == 0xff ? NO_WINDOW : (byte) lead;
    trailing = (byte) it.trailing();
    // The stream ends where decoding ended: any zero padding in the last byte is free for new bits.
    bitLen = (int) it.bitPosition();
    int lastBits = bitLen & 7;
    if (lastBits != 0) {
      // Clear whatever follows the stream in its last byte: the padding must read as zero bits.
      int idx = off + (bitLen >>> 3);
      buf[idx] &= (byte) (0xFF00 >>> lastBits);
      tailByte = buf[idx];
    } else {
      tailByte = 0;
    }
    for (int i = off + ((bitLen + 7) >>> 3); i < buf.length; i++) {
      buf[i] = 0;
    }
    appenderReady = true;
  }
}
