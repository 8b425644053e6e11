package io.promethium.core.exposition;

import java.nio.charset.StandardCharsets;

/**
 * Strings for ASCII names (metric and label names) seen in a body, so repeated names become one shared
 * {@link String} instead of a fresh one per {@code labels()} call: label sets built from one parser share
 * their names, as Prometheus shares symbols. A direct-mapped table of 512 slots keyed by a hash of the
 * bytes; a collision simply replaces the slot. Not thread-safe (one per parser).
 */
final class NameCache {
  private static final int SLOTS = 512;
  private final String[] strings = new String[SLOTS];

  String get(byte[] b, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + b[i];
    }
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    String s = strings[slot];
    if (s != null && s.length() == to - from && sameAscii(s, b, from)) {
      return s;
    }
    s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    strings[slot] = s;
    return s;
  }

  private static boolean sameAscii(String s, byte[] b, int from) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != (char) (b[from + i] & 0xff)) {
        return false;
      }
    }
    return true;
  }
}
