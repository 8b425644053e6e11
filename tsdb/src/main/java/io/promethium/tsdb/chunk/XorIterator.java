package io.promethium.tsdb.chunk;

import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.StorageException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes an XOR chunk (see {@link XorChunk}). {@link #reset} copies the chunk's bytes into a scratch
 * array owned by the iterator (a chunk is a few hundred bytes; copying once per chunk lets every bit read
 * be one unaligned 8-byte load with no bounds juggling). No allocation per sample, and none per chunk once
 * the scratch array has grown to the largest chunk seen.
 *
 * <p>A truncated or corrupt chunk ends iteration and sets {@link #error()}. Not thread-safe.
 */
public final class XorIterator implements SampleIterator {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  /** Zero bytes kept after the data so 8-byte loads (plus one extra byte) never run off the array. */
  private static final int PADDING = 32;

  private byte[] data = new byte[256];
  private long endBit;
  private long pos;
  private int numTotal;
  /** {@link #numTotal}, or 0 once an error ended iteration: one comparison guards {@link #next()}. */
  private int stop;
  private int numRead;
  private long t;
  private long tDelta;
  private long vBits;
  private int leading;
  private int trailing;
  /** Whether a value window (leading/trailing) has been read yet. */
  private boolean windowSet;
  private StorageException error;

  /** An iterator over nothing; call {@link #reset} before use. */
  public XorIterator() {}

  /** Starts over on the chunk in {@code bytes[off, off+len)} (header included). */
  public XorIterator reset(byte[] bytes, int off, int len) {
    ensureCapacity(len);
    System.arraycopy(bytes, off, data, 0, len);
    return start(len);
  }

  /** Starts over on the chunk at absolute {@code off} of {@code bytes} (position is not changed). */
  public XorIterator reset(ByteBuffer bytes, int off, int len) {
    ensureCapacity(len);
    bytes.get(off, data, 0, len);
    return start(len);
  }

  private void ensureCapacity(int len) {
    if (data.length < len + PADDING) {
      data = new byte[Math.max(len + PADDING, data.length * 2)];
    }
  }

  private XorIterator start(int len) {
    // Clear the padding after this chunk: a previous, longer chunk may have left bytes there.
    java.util.Arrays.fill(data, len, Math.min(data.length, len + PADDING), (byte) 0);
    error = null;
    numRead = 0;
    t = Long.MIN_VALUE;
    tDelta = 0;
    vBits = 0;
    leading = 0;
    trailing = 0;
    windowSet = false;
    if (len < XorChunk.HEADER_SIZE) {
      numTotal = 0;
      stop = 0;
      error = new StorageException("xor chunk of " + len + " bytes has no header");
      return this;
    }
    numTotal = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
    stop = numTotal;
    pos = XorChunk.HEADER_SIZE * 8L;
    endBit = len * 8L;
    return this;
  }

  /** Number of samples the chunk header declares. */
  public int numSamples() {
    return numTotal;
  }

  @Override
  public boolean next() {
    int i = numRead;
    if (i < 2 || i >= stop) {
      return nextSlow(i);
    }
    // Hot path, kept short (the rare cases are calls, the first two samples a separate method) so the
    // JIT lays it out as straight-line code; works on locals. One 8-byte load gives at least 57 valid bits.
    final byte[] d = data;
    long p = pos;
    long w = ((long) LONG_BE.get(d, (int) (p >>> 3))) << (p & 7);
    // The same load also holds the value's control bits and window after a short timestamp field, so
    // only the value's bits need another (dependent) load.
    if (w >= 0) { // '0': same delta
      p += 1;
      w <<= 1;
    } else if ((w << 1) >= 0) { // '10' + 14 bits, the usual scrape jitter
      long raw = (w << 2) >>> 50;
      // Go's bitRange is asymmetric: values above 2^13 stand for negatives.
      tDelta += raw > (1 << 13) ? raw - (1 << 14) : raw;
      p += 16;
      w <<= 16;
    } else {
      p = longDelta(w, p);
      w = ((long) LONG_BE.get(d, (int) (p >>> 3))) << (p & 7);
    }
    t += tDelta;
    p = w < 0 ? changedValue(d, w, p) : p + 1; // '1x' or '0': same value
    pos = p;
    if (p > endBit) {
      return truncated();
    }
    numRead = i + 1;
    return true;
  }

  /**
   * Reads a changed value whose '1x' header is in {@code w} (at {@code p}) and xors it in; returns the
   * position after it. Its own method to keep {@link #next()} small; inlined there.
   */
  private long changedValue(byte[] d, long w, long p) {
    // A branch, not masks: storing the window fields on every sample puts a store-to-load forwarding on
    // the next sample's critical path (measured slower for gauges, much slower for counters). A new
    // window's sizes stay in registers for this sample.
    int tr;
    int sig;
    if ((w << 1) < 0) { // '11': a new window
      int lead = (int) ((w >>> 57) & 0x1F);
      sig = (((int) (w >>> 51) - 1) & 0x3F) + 1; // 6 bits, 0 standing for 64
      tr = 64 - lead - sig;
      if (tr < 0) {
        return corruptWindow();
      }
      windowSet = true;
      leading = lead;
      trailing = tr;
      p += 13;
    } else { // '10': the previous window
      tr = trailing;
      sig = 64 - leading - tr;
      p += 2;
    }
    int idx = (int) (p >>> 3);
    int sh = (int) (p & 7);
    // The 64 bits at p exactly: the byte after the 8-byte load supplies what the shift pushed out
    // (nothing when sh is 0: an 8-bit byte shifted right by 8). The padding keeps both in the array.
    long x = (((long) LONG_BE.get(d, idx)) << sh) | ((d[idx + 8] & 0xFFL) >>> (8 - sh));
    vBits ^= (x >>> (64 - sig)) << tr;
    return p + sig;
  }

  /** The end of the samples, or one of the first two (varint timestamp, 64-bit value; varint delta). */
  private boolean nextSlow(int i) {
    if (i >= stop) {
      return false;
    }
    if (i == 0) {
      t = readVarint();
      vBits = readBits(64);
    } else {
      tDelta = readUvarint();
      t += tDelta;
      readValue();
    }
    if (pos > endBit) {
      return truncated();
    }
    numRead = i + 1;
    return true;
  }

  /** A delta of delta with a '110', '1110' or '1111' prefix (in {@code w}, read at {@code p}); adds it. */
  private long longDelta(long w, long p) {
    long dod;
    if ((w << 2) >= 0) { // '110' + 17 bits
      long raw = (w << 3) >>> 47;
      dod = raw > (1 << 16) ? raw - (1 << 17) : raw;
      p += 20;
    } else if ((w << 3) >= 0) { // '1110' + 20 bits
      long raw = (w << 4) >>> 44;
      dod = raw > (1 << 19) ? raw - (1 << 20) : raw;
      p += 24;
    } else { // '1111' + 64 bits
      pos = p + 4;
      dod = readBits(64);
      p = pos;
    }
    tDelta += dod;
    return p;
  }

  /** A '11' window with leading + significant bits above 64: ends the chunk as corrupt, once read. */
  private long corruptWindow() {
    windowSet = true;
    trailing = 0;
    return endBit + 1;
  }

  private boolean truncated() {
    error =
        new StorageException(
            "xor chunk truncated: sample " + numRead + " of " + numTotal + " ends at bit " + pos
                + " beyond " + endBit);
    stop = 0;
    return false;
  }

  private void readValue() {
    long w = peek();
    if (w >= 0) { // '0': same value
      pos += 1;
      return;
    }
    if ((w << 1) < 0) { // '11': new window
      windowSet = true;
      leading = (int) ((w >>> 57) & 0x1F);
      int sig = (int) ((w >>> 51) & 0x3F);
      if (sig == 0) {
        sig = 64;
      }
      trailing = 64 - leading - sig;
      pos += 13;
      if (trailing < 0) {
        trailing = 0;
        pos = endBit + 1; // corrupt: leading + sig > 64; reported by next()
        return;
      }
    } else {
      pos += 2;
    }
    int sig = 64 - leading - trailing;
    vBits ^= readBits(sig) << trailing;
  }

  /** The next 64 bits from {@link #pos} (the first 57 are always exact). */
  private long peek() {
    int idx = (int) (pos >>> 3);
    if (idx + 8 > data.length) {
      return 0;
    }
    return ((long) LONG_BE.get(data, idx)) << (pos & 7);
  }

  /** Reads {@code n} (1..64) bits as an unsigned number. */
  private long readBits(int n) {
    int idx = (int) (pos >>> 3);
    if (idx + 9 > data.length) {
      pos = endBit + n + 1; // past the padding: corrupt, reported by next()
      return 0;
    }
    int shift = (int) (pos & 7);
    long w = ((long) LONG_BE.get(data, idx)) << shift;
    if (n + shift > 64) {
      w |= (data[idx + 8] & 0xFFL) >>> (8 - shift);
    }
    pos += n;
    return w >>> (64 - n);
  }

  private long readUvarint() {
    long result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      long b = readBits(8);
      result |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    pos = endBit + 1; // varint overflow: corrupt
    return result;
  }

  private long readVarint() {
    long u = readUvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  @Override
  public boolean seek(long target) {
    if (error != null) {
      return false;
    }
    while (numRead == 0 || t < target) {
      if (!next()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long timestamp() {
    return t;
  }

  @Override
  public double value() {
    return Double.longBitsToDouble(vBits);
  }

  @Override
  public StorageException error() {
    return error;
  }

  // State an appender needs to continue a chunk (package-private, used by XorChunk).
  long timeDelta() {
    return tDelta;
  }

  /** Leading-zero count of the current value window, or 0xff when none has been read. */
  int leading() {
    return windowSet ? leading : 0xff;
  }

  int trailing() {
    return trailing;
  }

  long bitPosition() {
    return pos;
  }
}
