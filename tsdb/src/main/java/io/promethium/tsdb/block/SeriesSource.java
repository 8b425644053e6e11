package io.promethium.tsdb.block;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * Feeds series to {@link BlockWriter}: each call returns the next series, or {@code null} at the end. Each
 * label set must appear once; label order is customary (the writer sorts). Called from the writing thread
 * only.
 */
@FunctionalInterface
public interface SeriesSource {
  SeriesChunks next() throws IOException;

  /** A source over a list already in label order. */
  static SeriesSource of(List<SeriesChunks> sorted) {
    Iterator<SeriesChunks> it = sorted.iterator();
    return () -> it.hasNext() ? it.next() : null;
  }
}
