package io.promethium.http;

/**
 * What {@code /-/reload} and {@code /-/quit} call; the server implements it. Implementations must be
 * thread-safe: calls arrive on HTTP worker threads.
 */
public interface Lifecycle {
  /**
   * Reloads the configuration and returns when done.
   *
   * @throws Exception whose message is shown to the client as {@code failed to reload config: <message>}
   */
  void reload() throws Exception;

  /** Starts an orderly shutdown and returns at once; called at most once. */
  void quit();
}
