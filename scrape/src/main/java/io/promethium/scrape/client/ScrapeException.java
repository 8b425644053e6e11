package io.promethium.scrape.client;

/**
 * A scrape that failed before its body could be parsed: what went wrong, in Prometheus's words (these
 * texts appear as {@code lastError} on {@code /api/v1/targets}). Stackless: a failing target fails every
 * interval, and a stack trace says nothing the message does not.
 */
public final class ScrapeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What kind of failure, for counting and for tests; the message carries the detail. */
  public enum Kind {
    /** The body (after gunzip) reached {@code body_size_limit}. */
    BODY_SIZE_LIMIT,
    /** {@code scrape_timeout} passed before the whole body arrived. */
    TIMEOUT,
    /** A status other than 200. */
    HTTP_STATUS,
    /** Connect, TLS, reset or premature close. */
    CONNECTION,
    /** A malformed HTTP response or gzip stream. */
    PROTOCOL,
    /** Credentials, TLS files or URL could not be used. */
    CONFIG
  }

  /** Prometheus's text for {@link Kind#BODY_SIZE_LIMIT}. */
  public static final String BODY_SIZE_LIMIT_MESSAGE = "body size limit exceeded";

  private final Kind kind;

  public ScrapeException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
