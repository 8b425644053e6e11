package io.promethium.tsdb.record;

import java.io.IOException;

/** A WAL record whose bytes do not decode; the message says at which byte of the record. */
public final class RecordDecodeException extends IOException {
  private static final long serialVersionUID = 1L;

  public RecordDecodeException(String message) {
    super(message);
  }
}
