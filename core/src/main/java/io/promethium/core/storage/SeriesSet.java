package io.promethium.core.storage;

import java.util.List;

/**
 * A cursor over series. Call {@link #next()} before each {@link #at()}. Not thread-safe. An error while
 * iterating ends the set; {@link #error()} then says why.
 */
public interface SeriesSet {
  boolean next();

  Series at();

  /** The error that ended iteration early, or {@code null}. */
  default StorageException error() {
    return null;
  }

  /** Non-fatal warnings (e.g. a skipped corrupt block). */
  default List<String> warnings() {
    return List.of();
  }

  SeriesSet EMPTY = new SeriesSet() {
    @Override
    public boolean next() {
      return false;
    }

    @Override
    public Series at() {
      throw new IllegalStateException("empty series set");
    }
  };
}
