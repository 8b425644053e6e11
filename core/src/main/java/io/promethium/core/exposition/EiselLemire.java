package io.promethium.core.exposition;

import java.math.BigInteger;

/**
 * Correctly rounded decimal-to-double conversion of {@code mantissa × 10^exp10} without allocation, by the
 * Eisel-Lemire algorithm (D. Lemire, "Number Parsing at a Gigabyte per Second", 2021; the same method as
 * Go's {@code strconv.eiselLemire64}). It answers for nearly all inputs with up to 19 digits and says so
 * when it cannot (a halfway case, a subnormal or overflowing result, an exponent beyond the table); the
 * caller then falls back to {@link Double#parseDouble}.
 *
 * <p>The table holds, for each power of ten from 10^-342 to 10^308, the 128 most significant bits of its
 * binary mantissa (powers of five, normalised), computed once with {@link BigInteger} at class load
 * (651 entries, 10 KiB). Stateless and thread-safe.
 */
final class EiselLemire {
  /** Returned when the algorithm cannot decide; not a bit pattern any conversion produces. */
  static final long FAIL = -1L;

  private static final int MIN_EXP10 = -342;
  private static final int MAX_EXP10 = 308;
  private static final long[] HI = new long[MAX_EXP10 - MIN_EXP10 + 1];
  private static final long[] LO = new long[MAX_EXP10 - MIN_EXP10 + 1];

  static {
    BigInteger two128 = BigInteger.ONE.shiftLeft(128);
    BigInteger two127 = BigInteger.ONE.shiftLeft(127);
    BigInteger mask64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    for (int q = MIN_EXP10; q <= MAX_EXP10; q++) {
      BigInteger c;
      if (q >= 0) {
        c = BigInteger.valueOf(5).pow(q);
        // Normalise to exactly 128 bits, truncating.
        int shift = 128 - c.bitLength();
        c = shift >= 0 ? c.shiftLeft(shift) : c.shiftRight(-shift);
      } else {
        BigInteger p = BigInteger.valueOf(5).pow(-q);
        int z = p.bitLength();
        if (p.equals(BigInteger.ONE.shiftLeft(z - 1))) {
          z--; // smallest z with 2^z >= p (p is never a power of two here, kept for exactness)
        }
        // The reciprocal, rounded up; with extra precision for small powers, then truncated to 128 bits.
        int b = q >= -27 ? z + 127 : 2 * z + 128;
        c = BigInteger.ONE.shiftLeft(b).divide(p).add(BigInteger.ONE);
        while (c.compareTo(two128) >= 0) {
          c = c.shiftRight(1);
        }
      }
      if (c.compareTo(two127) < 0 || c.compareTo(two128) >= 0) {
        throw new AssertionError("power of ten table entry out of range for 10^" + q);
      }
      HI[q - MIN_EXP10] = c.shiftRight(64).longValue();
      LO[q - MIN_EXP10] = c.and(mask64).longValue();
    }
  }

  private EiselLemire() {}

  /**
   * The bits of the double nearest to {@code mantissa × 10^exp10} (mantissa unsigned, non-zero), or
   * {@link #FAIL}.
   */
  static long toDoubleBits(long mantissa, int exp10, boolean negative) {
    if (exp10 < MIN_EXP10 || exp10 > MAX_EXP10 || mantissa == 0) {
      return FAIL;
    }
    int clz = Long.numberOfLeadingZeros(mantissa);
    long man = mantissa << clz;
    long retExp2 = ((217706L * exp10) >> 16) + 64 + 1023 - clz;
    int i = exp10 - MIN_EXP10;
    long xHi = unsignedMultiplyHigh(man, HI[i]);
    long xLo = man * HI[i];
    if ((xHi & 0x1FF) == 0x1FF && Long.compareUnsigned(xLo + man, man) < 0) {
      long yHi = unsignedMultiplyHigh(man, LO[i]);
      long yLo = man * LO[i];
      long mergedHi = xHi;
      long mergedLo = xLo + yHi;
      if (Long.compareUnsigned(mergedLo, xLo) < 0) {
        mergedHi++;
      }
      if ((mergedHi & 0x1FF) == 0x1FF && mergedLo + 1 == 0 && Long.compareUnsigned(yLo + man, man) < 0) {
        return FAIL;
      }
      xHi = mergedHi;
      xLo = mergedLo;
    }
    long msb = xHi >>> 63;
    long retMantissa = xHi >>> (msb + 9);
    retExp2 -= 1 ^ msb;
    if (xLo == 0 && (xHi & 0x1FF) == 0 && (retMantissa & 3) == 1) {
      return FAIL; // exactly halfway: needs the full decimal
    }
    retMantissa += retMantissa & 1;
    retMantissa >>>= 1;
    if ((retMantissa >>> 53) > 0) {
      retMantissa >>>= 1;
      retExp2 += 1;
    }
    if (retExp2 <= 0 || retExp2 >= 0x7FF) {
      return FAIL; // subnormal or out of range
    }
    long bits = (retExp2 << 52) | (retMantissa & 0x000FFFFFFFFFFFFFL);
    return negative ? bits | 0x8000000000000000L : bits;
  }

  /** {@code Math.unsignedMultiplyHigh} (JDK 18+), written for release 17. */
  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }
}
