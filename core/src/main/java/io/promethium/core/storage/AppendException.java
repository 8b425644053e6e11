package io.promethium.core.storage;

/**
 * Prometheus's per-sample append rejections. Stackless: thrown on the ingestion path where a stack trace
 * would cost more than the sample, and always counted by the caller rather than logged one by one.
 */
public final class AppendException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** Why a sample was rejected, with Prometheus's error text. */
  public enum Reason {
    OUT_OF_ORDER("out of order sample"),
    OUT_OF_BOUNDS("out of bounds"),
    DUPLICATE_SAMPLE("duplicate sample for timestamp"),
    TOO_OLD("too old sample"),
    INVALID_LABELS("invalid labels"),
    EXEMPLAR_OUT_OF_ORDER("out of order exemplar"),
    EXEMPLAR_DUPLICATE("duplicate exemplar"),
    EXEMPLAR_LABELS_TOO_LONG("exemplar labels exceed the length limit");

    private final String message;

    Reason(String message) {
      this.message = message;
    }

    public String message() {
      return message;
    }
  }

  private final Reason reason;

  public AppendException(Reason reason) {
    super(reason.message(), null, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
