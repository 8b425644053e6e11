package io.promethium.core.storage;

/** A storage that takes appends and answers queries: what the server wires between scrape and PromQL. */
public interface Storage extends Appendable, Queryable, AutoCloseable {
  /** The oldest timestamp held, in milliseconds, or {@code Long.MAX_VALUE} when empty. */
  long startTime();
}
