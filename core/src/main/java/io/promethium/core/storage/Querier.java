package io.promethium.core.storage;

import io.promethium.core.labels.Matcher;
import java.util.List;

/**
 * Reads series over the time range it was opened for. Not thread-safe; close it when done (it may pin
 * memory-mapped blocks).
 */
public interface Querier extends AutoCloseable {
  /**
   * The series that match every matcher and have samples in range. At least one matcher must not match the
   * empty string (as in Prometheus).
   *
   * @param sorted whether the caller needs series in {@link io.promethium.core.labels.Labels} order
   * @param hints what the caller will do with them, may be {@code null}
   */
  SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers);

  /** Sorted distinct values of the label among series matching {@code matchers} (all series if none). */
  List<String> labelValues(String name, Matcher... matchers) throws StorageException;

  /** Sorted distinct label names among series matching {@code matchers} (all series if none). */
  List<String> labelNames(Matcher... matchers) throws StorageException;

  @Override
  void close();
}
