package io.promethium.http;

import io.promethium.core.storage.Queryable;
import io.promethium.promql.engine.Engine;
import io.promethium.promql.engine.QueryResult;

/**
 * The two engine calls the query endpoints make. {@link #of(Engine)} adapts the PromQL engine; tests plug
 * in canned results. Implementations must be thread-safe and may throw
 * {@link io.promethium.promql.engine.QueryException}.
 */
public interface QueryEngine {
  QueryResult instantQuery(Queryable storage, String expr, long timeMillis);

  QueryResult rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis);

  /** The PromQL engine as a {@code QueryEngine}. */
  static QueryEngine of(Engine engine) {
    return new QueryEngine() {
      @Override
      public QueryResult instantQuery(Queryable storage, String expr, long timeMillis) {
        return engine.instantQuery(storage, expr, timeMillis);
      }

      @Override
      public QueryResult rangeQuery(Queryable storage, String expr, long startMillis, long endMillis,
          long stepMillis) {
        return engine.rangeQuery(storage, expr, startMillis, endMillis, stepMillis);
      }
    };
  }
}
