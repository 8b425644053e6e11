package io.promethium.core.exposition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Parses a float written in ASCII bytes with the syntax of Go's {@code strconv.ParseFloat} as Prometheus's
 * text parsers use it: optional sign, decimal digits with an optional point and exponent, or {@code Inf},
 * {@code Infinity}, {@code NaN} in any case. Hexadecimal floats and {@code _} digit separators are refused
 * (Prometheus refuses them before calling ParseFloat). A finite literal that overflows is an error, as in Go.
 *
 * <p>Values with at most 19 significant digits are converted without allocating: exactly by Clinger's fast
 * path (a mantissa below 2^53 times or divided by an exact power of ten up to 10^22), else by
 * {@link EiselLemire}. The rare rest (more digits, halfway cases, subnormals, overflow) goes through
 * {@link Double#parseDouble}. All paths round correctly. Stateless.
 */
final class FloatText {
  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
    1e18, 1e19, 1e20, 1e21, 1e22
  };
  private static final long MAX_EXACT = 1L << 53;
  /** Go Prometheus's canonical NaN ({@code value.NormalNaN}): every parsed NaN gets these bits. */
  static final double NORMAL_NAN = Double.longBitsToDouble(0x7ff8000000000001L);

  private FloatText() {}

  /** A float that Go would refuse; message as Prometheus reports it. Stackless. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  static double parse(byte[] b, int from, int to) throws SyntaxError {
    int i = from;
    if (i >= to) {
      throw invalid(b, from, to);
    }
    int n = to - from;
    if (n <= 8 && from + 8 <= b.length) {
      // Up to eight plain digits, the usual counter value, converted eight bytes at a time.
      long digits = eightDigits(b, from, n);
      if (digits >= 0) {
        return digits;
      }
    } else if (n <= 15) {
      // Plain digits: below 10^15 every integer is an exact double.
      long m = 0;
      int k = from;
      while (k < to) {
        int d = b[k] - '0';
        if (d < 0 || d > 9) {
          break;
        }
        m = m * 10 + d;
        k++;
      }
      if (k == to) {
        return m;
      }
    }
    boolean neg = false;
    byte c = b[i];
    if (c == '+' || c == '-') {
      neg = c == '-';
      i++;
    }
    if (i < to && isLetter(b[i])) {
      return special(b, from, i, to, neg);
    }
    long mantissa = 0;
    int digits = 0;
    int exp10 = 0;
    boolean sawDigit = false;
    boolean sawDot = false;
    boolean truncated = false;
    for (; i < to; i++) {
      c = b[i];
      if (c >= '0' && c <= '9') {
        sawDigit = true;
        if (mantissa == 0 && c == '0') {
          if (sawDot) {
            exp10--;
          }
        } else if (digits < 19) {
          mantissa = mantissa * 10 + (c - '0');
          digits++;
          if (sawDot) {
            exp10--;
          }
        } else {
          truncated |= c != '0';
          if (!sawDot) {
            exp10++;
          }
        }
      } else if (c == '.') {
        if (sawDot) {
          throw invalid(b, from, to);
        }
        sawDot = true;
      } else {
        break;
      }
    }
    if (!sawDigit) {
      throw invalid(b, from, to);
    }
    if (i < to) {
      c = b[i];
      if (c != 'e' && c != 'E') {
        throw invalid(b, from, to);
      }
      i++;
      boolean expNeg = false;
      if (i < to && (b[i] == '+' || b[i] == '-')) {
        expNeg = b[i] == '-';
        i++;
      }
      if (i >= to) {
        throw invalid(b, from, to);
      }
      int e = 0;
      for (; i < to; i++) {
        c = b[i];
        if (c < '0' || c > '9') {
          throw invalid(b, from, to);
        }
        if (e < 100_000) {
          e = e * 10 + (c - '0');
        }
      }
      exp10 += expNeg ? -e : e;
    }
    double v;
    if (mantissa == 0) {
      v = 0;
    } else if (!truncated && Long.compareUnsigned(mantissa, MAX_EXACT) < 0 && exp10 >= -22 && exp10 <= 22) {
      v = exp10 >= 0 ? mantissa * POW10[exp10] : mantissa / POW10[-exp10];
    } else {
      long bits = truncated ? EiselLemire.FAIL : EiselLemire.toDoubleBits(mantissa, exp10, false);
      if (bits != EiselLemire.FAIL) {
        v = Double.longBitsToDouble(bits);
      } else {
        v = Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
        if (Double.isInfinite(v)) {
          throw new SyntaxError("strconv.ParseFloat: parsing " + quote(b, from, to) + ": value out of range");
        }
        return v;
      }
    }
    return neg ? -v : v;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final long ZEROS = 0x3030303030303030L;

  /**
   * The value of {@code b[from, from + n)} (1 ≤ n ≤ 8, eight bytes readable from {@code from}) when all are
   * ASCII digits, else -1. SWAR: the bytes after the token are shifted out and '0's shifted in as leading
   * digits, all eight bytes are checked at once, and pairs, quads and halves are combined by three
   * multiplications instead of a chain of eight.
   */
  private static long eightDigits(byte[] b, int from, int n) {
    long raw = (long) LONGS.get(b, from);
    int shift = (8 - n) << 3;
    long v = shift == 0 ? raw : (raw << shift) | (ZEROS >>> (64 - shift));
    if ((v & 0xF0F0F0F0F0F0F0F0L) != ZEROS || ((v + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) != ZEROS) {
      return -1;
    }
    v = ((v & 0x0F0F0F0F0F0F0F0FL) * 2561) >>> 8;
    v = ((v & 0x00FF00FF00FF00FFL) * 6553601) >>> 16;
    return ((v & 0x0000FFFF0000FFFFL) * 42949672960001L) >>> 32;
  }

  private static double special(byte[] b, int from, int i, int to, boolean neg) throws SyntaxError {
    int n = to - i;
    if ((n == 3 && eqIgnoreCase(b, i, "inf")) || (n == 8 && eqIgnoreCase(b, i, "infinity"))) {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    // Go accepts "nan" only without a sign.
    if (n == 3 && i == from && eqIgnoreCase(b, i, "nan")) {
      return NORMAL_NAN;
    }
    throw invalid(b, from, to);
  }

  private static boolean eqIgnoreCase(byte[] b, int at, String lower) {
    for (int k = 0; k < lower.length(); k++) {
      if ((b[at + k] | 0x20) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(byte c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  }

  private static SyntaxError invalid(byte[] b, int from, int to) {
    for (int k = from; k < to; k++) {
      byte c = b[k];
      if (c == '_' || c == 'p' || c == 'P') {
        return new SyntaxError("unsupported character in float");
      }
    }
    return new SyntaxError("strconv.ParseFloat: parsing " + quote(b, from, to) + ": invalid syntax");
  }

  /** The bytes as a Go-style quoted string, for messages. */
  static String quote(byte[] b, int from, int to) {
    StringBuilder sb = new StringBuilder(to - from + 2).append('"');
    for (int k = from; k < to; k++) {
      int c = b[k] & 0xff;
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c >= 0x7f) {
            sb.append(String.format("\\x%02x", c));
          } else {
            sb.append((char) c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
