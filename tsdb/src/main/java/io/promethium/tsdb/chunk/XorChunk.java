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
public final class XorChunk extends XorEncoder {
  /** Initial buffer of a new chunk when its size cannot be predicted. */
  public static final int DEFAULT_CAPACITY = 128;

  /** Where the chunk starts in {@link #buf}: 0 once appendable (the encoder writes from 0). */
  private int off;
  /** Whether {@link #buf} is the caller's array (copy before writing). */
  private boolean borrowed;
  /** Whether the appender state (in {@link XorEncoder}) is valid; a view decodes it on first append. */
  private boolean appenderReady;

  /** A new empty, appendable chunk. */
  public XorChunk() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * A new empty, appendable chunk whose buffer starts at {@code capacity} bytes (it grows as needed), for
   * callers that can predict the final size.
   */
  public XorChunk(int capacity) {
    startStream(capacity);
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
    return encodedSize();
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
    appendSample(ts, v);
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
