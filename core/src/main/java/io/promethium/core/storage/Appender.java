package io.promethium.core.storage;

import io.promethium.core.labels.Labels;
import io.promethium.core.metadata.MetricMetadata;

/**
 * A batch of appends that become visible together on {@link #commit()} or are dropped by
 * {@link #rollback()}. One appender per scrape (or per write request). Not thread-safe: use one per thread.
 * After commit or rollback the appender must not be used again.
 */
public interface Appender {
  /**
   * Appends a float sample.
   *
   * @param ref a series reference returned by an earlier append on this storage, or 0 when unknown; when
   *     non-zero and still valid, {@code labels} may be ignored (the fast path of a scrape cache hit)
   * @param labels the series labels, sorted and valid; must be set when {@code ref} is 0
   * @return the series reference, to pass next time
   * @throws AppendException for Prometheus's per-sample rejections (out of order, out of bounds, duplicate)
   */
  long append(long ref, Labels labels, long timestampMillis, double value) throws AppendException;

  /**
   * A hint that a sample for series {@code ref} (returned by an earlier append) is likely to be appended
   * soon. A storage whose series state is spread over a large heap may read it now, so that the memory
   * reads of several upcoming series overlap rather than stall one append each; it has no visible effect,
   * and an unknown ref is ignored. A caller that knows the order of the coming series (a scrape cache)
   * passes a few at a time, some lines ahead.
   */
  default void prefetch(long ref) {
  }

  /** Records metadata for a series; storages that keep none ignore it. */
  default long updateMetadata(long ref, Labels labels, MetricMetadata metadata) {
    return ref;
  }

  /** Records an exemplar; storages that keep none ignore it. */
  default long appendExemplar(long ref, Labels labels, Exemplar exemplar) throws AppendException {
    return ref;
  }

  /** Makes every sample of the batch durable (WAL) and visible, or throws and keeps none of them. */
  void commit() throws StorageException;

  /** Drops every sample of the batch. */
  void rollback();
}
