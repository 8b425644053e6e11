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
    if (numRead >= stop) {
      return false;
    }
    if (numRead >= 2) {
      // Hot path, on locals: one 8-byte load gives at least 57 valid bits, enough for the longest
      // timestamp prefix + field except the 64-bit escape (24 bits).
      final byte[] d = data;
      long p = pos;
      long w = ((long) LONG_BE.get(d, (int) (p >>> 3))) << (p & 7);
      long dod;
      if (w >= 0) { // '0'
        p += 1;
        dod = 0;
      } else if ((w << 1) >= 0) { // '10' + 14 bits
        dod = signed((w << 2) >>> 50, 14);
        p += 16;
      } else if ((w << 2) >= 0) { // '110' + 17 bits
        dod = signed((w << 3) >>> 47, 17);
        p += 20;
      } else if ((w << 3) >= 0) { // '1110' + 20 bits
        dod = signed((w << 4) >>> 44, 20);
        p += 24;
      } else {
        pos = p + 4;
        dod = readBits(64);
        p = pos;
      }
      tDelta += dod;
      t += tDelta;
      w = ((long) LONG_BE.get(d, (int) (p >>> 3))) << (p & 7);
      if (w >= 0) { // '0': value unchanged
        p += 1;
      } else {
        if ((w << 1) < 0) { // '11': new window
          windowSet = true;
          leading = (int) ((w >>> 57) & 0x1F);
          int sig = (int) ((w >>> 51) & 0x3F);
          if (sig == 0) {
            sig = 64;
          }
          trailing = 64 - leading - sig;
          p += 13;
          if (trailing < 0) {
            trailing = 0;
            p = endBit + 1; // corrupt: leading + sig > 64
          }
        } else { // '10': previous window
          p += 2;
        }
        int sig = 64 - leading - trailing;
        if (p <= endBit) {
          long bits;
          int shift = (int) (p & 7);
          int idx = (int) (p >>> 3);
          long x = ((long) LONG_BE.get(d, idx)) << shift;
          if (sig + shift > 64) {
            x |= (d[idx + 8] & 0xFFL) >>> (8 - shift);
          }
          bits = x >>> (64 - sig);
          vBits ^= bits << trailing;
          p += sig;
        }
      }
      pos = p;
    } else if (numRead == 0) {
      t = readVarint();
      vBits = readBits(64);
    } else {
      tDelta = readUvarint();
      t += tDelta;
      readValue();
    }
    if (pos > endBit) {
      error =
          new StorageException(
              "xor chunk truncated: sample " + numRead + " of " + numTotal + " ends at bit " + pos
                  + " beyond " + endBit);
      stop = 0;
      return false;
    }
    numRead++;
    return true;
  }

  private static long signed(long bits, int sz) {
    // Values above 2^(sz-1) stand for negatives (Go's bitRange is asymmetric).
    return bits > (1L << (sz - 1)) ? bits - (1L << sz) : bits;
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
