package io.promethium.tsdb.index;

import java.util.Comparator;

/**
 * Orders strings by their UTF-8 bytes, which is Go's string order and so the order of symbols and postings
 * in an index file. Equal to code point order; differs from {@link String#compareTo} only when a
 * supplementary character meets one in U+E000..U+FFFF. Thread-safe.
 */
public final class Utf8Order implements Comparator<String> {
  public static final Utf8Order INSTANCE = new Utf8Order();

  private Utf8Order() {}

  @Override
  public int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // Surrogates (D800-DFFF) encode code points above FFFF: they sort after every other char.
        boolean sx = Character.isSurrogate(x);
        boolean sy = Character.isSurrogate(y);
        if (sx != sy) {
          return sx ? 1 : -1;
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }
}
