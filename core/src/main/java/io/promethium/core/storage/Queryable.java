package io.promethium.core.storage;

/** Something that can be read over a time range. Thread-safe. */
public interface Queryable {
  /**
   * A querier over samples with {@code minT <= t <= maxT} (milliseconds, inclusive). The caller owns the
   * querier and must close it; series it returns stay readable until then.
   */
  Querier querier(long minT, long maxT) throws StorageException;
}
