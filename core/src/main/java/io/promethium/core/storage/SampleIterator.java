package io.promethium.core.storage;

/**
 * A cursor over float samples of one series, in increasing timestamp order. Stale markers appear as their
 * special NaN value (see {@link StaleNaN}). Not thread-safe.
 */
public interface SampleIterator {
  /** Advances to the next sample; false at the end. */
  boolean next();

  /**
   * Advances to the first sample with timestamp {@code >= t}; stays put if the current sample already
   * qualifies. False if there is none.
   */
  boolean seek(long t);

  /** Timestamp in milliseconds of the current sample. */
  long timestamp();

  /** Value of the current sample. */
  double value();

  /** The error that ended iteration, or {@code null}. */
  default StorageException error() {
    return null;
  }
}
