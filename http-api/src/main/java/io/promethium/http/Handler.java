package io.promethium.http;

/** Serves one route. Implementations must be thread-safe: requests arrive on several worker threads. */
@FunctionalInterface
public interface Handler {
  /** Answers the request. Any exception becomes a 500 with a logged message, never a dead connection. */
  ApiResponse handle(ApiRequest request) throws Exception;
}
