package io.promethium.promql.engine;

/**
 * A query that could not be answered. {@link #kind()} maps onto the HTTP API's error types: a parse or
 * type error is {@code bad_data} (400), a timeout is {@code timeout} (503), a cancel is {@code canceled}
 * (422), too many samples and other evaluation failures are {@code execution} (422), a storage failure is
 * {@code internal} (500).
 */
public class QueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    BAD_DATA,
    TIMEOUT,
    CANCELED,
    EXECUTION,
    INTERNAL
  }

  private final Kind kind;

  public QueryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public QueryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
