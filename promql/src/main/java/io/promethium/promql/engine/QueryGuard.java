package io.promethium.promql.engine;

import java.util.function.BooleanSupplier;

/**
 * Enforces one query's limits: the timeout, cancellation and {@code --query.max-samples} (samples held in
 * memory at once), and counts the samples read for {@link QueryStats}. Confined to the query's thread.
 */
final class QueryGuard {
  static final String TOO_MANY_SAMPLES =
      "query processing would load too many samples into memory in query execution";

  private final long deadlineNanos;
  private final BooleanSupplier canceled;
  private final long maxSamples;
  private long current;
  private long peak;
  private long totalQueryable;

  QueryGuard(long timeoutNanos, BooleanSupplier canceled, long maxSamples) {
    long now = System.nanoTime();
    this.deadlineNanos = timeoutNanos <= 0 || now + timeoutNanos < now ? Long.MAX_VALUE : now + timeoutNanos;
    this.canceled = canceled;
    this.maxSamples = maxSamples;
  }

  /** Throws if the query was canceled or ran out of time. Cheap enough to call once per series. */
  void check() {
    if (canceled != null && canceled.getAsBoolean()) {
      throw new QueryException(QueryException.Kind.CANCELED, "query was canceled in expression evaluation");
    }
    if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
      throw new QueryException(QueryException.Kind.TIMEOUT, "query timed out in expression evaluation");
    }
  }

  /** Accounts for {@code n} more samples held; fails past the limit. */
  void hold(long n) {
    current += n;
    if (current > maxSamples) {
      throw new QueryException(QueryException.Kind.EXECUTION, TOO_MANY_SAMPLES);
    }
    if (current > peak) {
      peak = current;
    }
  }

  void release(long n) {
    current -= n;
  }

  void countQueryable(long n) {
    totalQueryable += n;
  }

  long peak() {
    return peak;
  }

  long totalQueryable() {
    return totalQueryable;
  }
}
