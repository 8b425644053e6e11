package io.promethium.tsdb.block;

import java.security.SecureRandom;

/**
 * ULIDs name blocks: 26 characters of Crockford base32 encoding 128 bits, a 48-bit millisecond timestamp
 * followed by 80 random bits, so names sort by creation time. Thread-safe.
 */
public final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  public static final int LENGTH = 26;

  private Ulid() {}

  /** A new ULID for the given time in milliseconds since the epoch. */
  public static String generate(long timeMillis) {
    byte[] rnd = new byte[10];
    RANDOM.nextBytes(rnd);
    return encode(timeMillis, rnd);
  }

  static String encode(long timeMillis, byte[] random10) {
    if (timeMillis < 0 || timeMillis >= (1L << 48)) {
      throw new IllegalArgumentException("ULID time out of range: " + timeMillis);
    }
    // 128 bits as hi (64) and lo (64): time in the top 48 bits of hi, randomness after.
    long hi = timeMillis << 16 | ((random10[0] & 0xFFL) << 8) | (random10[1] & 0xFFL);
    long lo = 0;
    for (int i = 2; i < 10; i++) {
      lo = (lo << 8) | (random10[i] & 0xFFL);
    }
    char[] out = new char[LENGTH];
    // 26 chars x 5 bits = 130 bits: the first char carries the top 3 bits only.
    for (int i = LENGTH - 1; i >= 0; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo = (lo >>> 5) | ((hi & 31) << 59);
      hi >>>= 5;
    }
    return new String(out);
  }

  /** Whether {@code s} is a syntactically valid ULID. */
  public static boolean isValid(String s) {
    if (s == null || s.length() != LENGTH || s.charAt(0) > '7') {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      if (value(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The millisecond timestamp of a valid ULID. */
  public static long timestamp(String s) {
    long t = 0;
    for (int i = 0; i < 10; i++) {
      t = (t << 5) | value(s.charAt(i));
    }
    return t;
  }

  private static int value(char c) {
    c = Character.toUpperCase(c);
    for (int i = 0; i < ALPHABET.length; i++) {
      if (ALPHABET[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
