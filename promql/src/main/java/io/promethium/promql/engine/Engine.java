package io.promethium.promql.engine;

import io.promethium.core.storage.Queryable;

/**
 * The PromQL engine: parses and evaluates instant and range queries against a {@link Queryable}.
 * Thread-safe; concurrency limits are the caller's (the HTTP API queues on {@code --query.max-concurrency}).
 */
public final class Engine {
  private final EngineOptions options;

  public Engine(EngineOptions options) {
    this.options = options;
  }

  public EngineOptions options() {
    return options;
  }

  /**
   * Evaluates {@code expr} at one instant.
   *
   * @throws QueryException of kind BAD_DATA for a parse error, or the evaluation failure
   */
  public QueryResult instantQuery(Queryable storage, String expr, long timeMillis) {
    throw new QueryException(QueryException.Kind.INTERNAL, "engine not written yet");
  }

  /**
   * Evaluates {@code expr} at every step from start to end (inclusive, milliseconds); the result is a
   * {@link io.promethium.promql.value.Matrix}.
   */
  public QueryResult rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis) {
    throw new QueryException(QueryException.Kind.INTERNAL, "engine not written yet");
  }
}
