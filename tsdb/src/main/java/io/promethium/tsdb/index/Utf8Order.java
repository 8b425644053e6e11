package io.promethium.tsdb.index;

import io.promethium.core.labels.Labels;
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
    return Labels.compareUtf8(a, b);
  }
}
