package io.promethium.core.storage;

import io.promethium.core.labels.Labels;

/** A series in a querier's range: its labels and a way to read its samples. */
public interface Series {
  Labels labels();

  /**
   * An iterator over the series' samples in range, in timestamp order.
   *
   * @param reuse an iterator from an earlier call that may be reset and returned instead of allocating, or
   *     {@code null}
   */
  SampleIterator iterator(SampleIterator reuse);
}
