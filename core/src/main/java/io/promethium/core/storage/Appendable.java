package io.promethium.core.storage;

/** Something that takes appends: the TSDB, a remote-write queue, or a fan-out of both. Thread-safe. */
public interface Appendable {
  /** A new batch; each thread takes its own. */
  Appender appender();
}
