package io.promethium.tsdb.index;

import io.promethium.core.labels.Labels;
import java.util.Comparator;

/**
 * Prometheus's label set order on UTF-8 bytes: label by label, name then value, a prefix first. Series in
 * an index file are in this order (it fixes series references), so writers and merges of block series
 * use it rather than {@link Labels#compareTo}, which compares UTF-16 and differs when a supplementary
 * character meets one in U+E000..U+FFFF. Thread-safe.
 */
public final class LabelsOrder implements Comparator<Labels> {
  public static final LabelsOrder INSTANCE = new LabelsOrder();

  private LabelsOrder() {}

  @Override
  public int compare(Labels a, Labels b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = Utf8Order.INSTANCE.compare(a.name(i), b.name(i));
      if (c != 0) {
        return c;
      }
      c = Utf8Order.INSTANCE.compare(a.value(i), b.value(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
