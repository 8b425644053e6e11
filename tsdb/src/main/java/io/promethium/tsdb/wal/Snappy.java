package io.promethium.tsdb.wal;

/**
 * Snappy block format (not the framed format), as Go's {@code github.com/golang/snappy} {@code Encode} and
 * {@code Decode}, which Prometheus uses for WAL records.
 *
 * <pre>
 * block   = uncompressed length &lt;uvarint&gt; element*
 * element = tag &lt;1b&gt; ...; tag low 2 bits:
 *   00 literal: len-1 in the upper 6 bits (&lt;60), or 60..63 = 1..4 little-endian length bytes follow
 *   01 copy:    len-4 in bits 2-4, offset bits 8-10 in bits 5-7, then offset low byte
 *   10 copy:    len-1 in the upper 6 bits, then offset &lt;2b LE&gt;
 *   11 copy:    len-1 in the upper 6 bits, then offset &lt;4b LE&gt;
 * </pre>
 *
 * <p>Our own code rather than a library: the pure-Java libraries measured here call
 * {@code sun.misc.Unsafe}, which prints a "terminally deprecated" warning on JDK 24+. The encoder is a
 * plain greedy matcher over 4-byte hashes (offsets below 64 KiB); its output differs from Go's byte for
 * byte but any Snappy decoder reads it. The decoder checks every length and offset and throws
 * {@link IllegalArgumentException} with the byte position on malformed input.
 *
 * <p>Not thread-safe (the encoder keeps its hash table); one instance per writer.
 */
public final class Snappy {
  private static final int HASH_BITS = 14;
  private static final int MAX_OFFSET = 65535;
  private static final int MIN_MATCH = 4;

  private final int[] table = new int[1 << HASH_BITS];

  /** Largest encoded size of {@code n} input bytes (Go's {@code MaxEncodedLen}). */
  public static int maxCompressedLength(int n) {
    return 32 + n + n / 6;
  }

  /** Compresses {@code src[0, len)} into {@code dst} (at least {@link #maxCompressedLength} long). */
  public int compress(byte[] src, int len, byte[] dst) {
    int d = putUvarint(dst, 0, len);
    if (len < MIN_MATCH + 1) {
      return len == 0 ? d : emitLiteral(src, 0, len, dst, d);
    }
    // A table no larger than the input (as Go's encoder): clearing all 16K entries cost more than
    // compressing a small commit's record.
    int bits = 8;
    while (bits < HASH_BITS && (1 << bits) < len) {
      bits++;
    }
    int shift = 32 - bits;
    java.util.Arrays.fill(table, 0, 1 << bits, -1);
    int lit = 0;
    int i = 0;
    int limit = len - MIN_MATCH;
    // After 32 misses in a row, look at every 2nd byte, after 16 more every 3rd, ... (Go's heuristic):
    // float64 values in sample records are mostly incompressible, and probing each byte of them is waste.
    int skip = 32;
    while (i <= limit) {
      int cur = get32(src, i);
      int h = (cur * 0x1e35a7bd) >>> shift;
      int cand = table[h];
      table[h] = i;
      if (cand >= 0 && i - cand <= MAX_OFFSET && get32(src, cand) == cur) {
        if (lit < i) {
          d = emitLiteral(src, lit, i - lit, dst, d);
        }
        int m = MIN_MATCH;
        while (i + m < len && src[cand + m] == src[i + m]) {
          m++;
        }
        d = emitCopy(i - cand, m, dst, d);
        i += m;
        lit = i;
        skip = 32;
      } else {
        int step = skip >>> 5;
        i += step;
        skip += step;
      }
    }
    if (lit < len) {
      d = emitLiteral(src, lit, len - lit, dst, d);
    }
    return d;
  }

  private static final java.lang.invoke.VarHandle INT_LE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private static int get32(byte[] b, int i) {
    return (int) INT_LE.get(b, i);
  }

  private static int emitLiteral(byte[] src, int off, int n, byte[] dst, int d) {
    int l = n - 1;
    if (l < 60) {
      dst[d++] = (byte) (l << 2);
    } else if (l < 1 << 8) {
      dst[d++] = (byte) (60 << 2);
      dst[d++] = (byte) l;
    } else if (l < 1 << 16) {
      dst[d++] = (byte) (61 << 2);
      dst[d++] = (byte) l;
      dst[d++] = (byte) (l >>> 8);
    } else if (l < 1 << 24) {
      dst[d++] = (byte) (62 << 2);
      dst[d++] = (byte) l;
      dst[d++] = (byte) (l >>> 8);
      dst[d++] = (byte) (l >>> 16);
    } else {
      dst[d++] = (byte) (63 << 2);
      dst[d++] = (byte) l;
      dst[d++] = (byte) (l >>> 8);
      dst[d++] = (byte) (l >>> 16);
      dst[d++] = (byte) (l >>> 24);
    }
    System.arraycopy(src, off, dst, d, n);
    return d + n;
  }

  private static int emitCopy(int offset, int n, byte[] dst, int d) {
    // Long matches go out as 64-byte copies, keeping at least 4 bytes for the last one (as Go does).
    while (n >= 68) {
      d = copy2(offset, 64, dst, d);
      n -= 64;
    }
    if (n > 64) {
      d = copy2(offset, 60, dst, d);
      n -= 60;
    }
    if (n >= 12 || offset >= 2048) {
      return copy2(offset, n, dst, d);
    }
    dst[d++] = (byte) (((offset >>> 8) << 5) | ((n - 4) << 2) | 1);
    dst[d++] = (byte) offset;
    return d;
  }

  private static int copy2(int offset, int n, byte[] dst, int d) {
    dst[d++] = (byte) (((n - 1) << 2) | 2);
    dst[d++] = (byte) offset;
    dst[d++] = (byte) (offset >>> 8);
    return d;
  }

  private static int putUvarint(byte[] dst, int d, long v) {
    while ((v & ~0x7FL) != 0) {
      dst[d++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    dst[d++] = (byte) v;
    return d;
  }

  /** The decoded length a block declares, or -1 when its header is malformed. */
  public static int decodedLength(byte[] src, int len) {
    long v = 0;
    for (int i = 0, shift = 0; i < len && shift < 35; i++, shift += 7) {
      int b = src[i];
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v > Integer.MAX_VALUE ? -1 : (int) v;
      }
    }
    return -1;
  }

  /**
   * Decompresses {@code src[0, len)} into {@code dst} (at least {@link #decodedLength} long).
   *
   * @return the decoded length
   * @throws IllegalArgumentException on malformed input, saying at which byte
   */
  public static int decompress(byte[] src, int len, byte[] dst) {
    int n = decodedLength(src, len);
    if (n < 0) {
      throw new IllegalArgumentException("snappy: invalid length header");
    }
    if (dst.length < n) {
      throw new IllegalArgumentException("snappy: destination of " + dst.length + " bytes < " + n);
    }
    int s = 0;
    while ((src[s++] & 0x80) != 0) {
      // skip the header varint
    }
    int d = 0;
    while (s < len) {
      int tag = src[s] & 0xFF;
      int at = s;
      int length;
      int offset;
      switch (tag & 3) {
        case 0 -> {
          int l = tag >>> 2;
          s++;
          if (l >= 60) {
            int extra = l - 59;
            if (s + extra > len) {
              throw new IllegalArgumentException("snappy: truncated literal length at byte " + at);
            }
            l = 0;
            for (int k = 0; k < extra; k++) {
              l |= (src[s + k] & 0xFF) << (8 * k);
            }
            s += extra;
          }
          long lit = (l & 0xFFFFFFFFL) + 1;
          if (lit > len - s || lit > n - d) {
            throw new IllegalArgumentException("snappy: literal of " + lit + " bytes overruns at byte " + at);
          }
          System.arraycopy(src, s, dst, d, (int) lit);
          s += (int) lit;
          d += (int) lit;
          continue;
        }
        case 1 -> {
          if (s + 2 > len) {
            throw new IllegalArgumentException("snappy: truncated copy at byte " + at);
          }
          length = 4 + ((tag >>> 2) & 7);
          offset = ((tag >>> 5) << 8) | (src[s + 1] & 0xFF);
          s += 2;
        }
        case 2 -> {
          if (s + 3 > len) {
            throw new IllegalArgumentException("snappy: truncated copy at byte " + at);
          }
          length = 1 + (tag >>> 2);
          offset = (src[s + 1] & 0xFF) | (src[s + 2] & 0xFF) << 8;
          s += 3;
        }
        default -> {
          if (s + 5 > len) {
            throw new IllegalArgumentException("snappy: truncated copy at byte " + at);
          }
          length = 1 + (tag >>> 2);
          offset = (src[s + 1] & 0xFF) | (src[s + 2] & 0xFF) << 8 | (src[s + 3] & 0xFF) << 16 | (src[s + 4] & 0xFF) << 24;
          s += 5;
        }
      }
      if (offset <= 0 || offset > d || length > n - d) {
        throw new IllegalArgumentException("snappy: invalid copy (offset " + offset + ", length " + length + ") at byte " + at);
      }
      int from = d - offset;
      if (offset >= length) {
        System.arraycopy(dst, from, dst, d, length);
        d += length;
      } else {
        for (int k = 0; k < length; k++) {
          dst[d++] = dst[from + k];
        }
      }
    }
    if (d != n) {
      throw new IllegalArgumentException("snappy: decoded " + d + " bytes, header says " + n);
    }
    return d;
  }
}
