package io.promethium.core.exposition;

/** Checks that bytes are well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF). Stateless. */
final class Utf8 {
  private Utf8() {}

  static boolean valid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      int min;
      if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
        min = 0x80;
        c &= 0x1f;
      } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        min = 0x800;
        c &= 0x0f;
      } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        min = 0x10000;
        c &= 0x07;
      } else {
        return false;
      }
      if (i + n >= to) {
        return false;
      }
      for (int k = 1; k <= n; k++) {
        int d = b[i + k] & 0xff;
        if ((d & 0xc0) != 0x80) {
          return false;
        }
        c = (c << 6) | (d & 0x3f);
      }
      if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
        return false;
      }
      i += n + 1;
    }
    return true;
  }
}
