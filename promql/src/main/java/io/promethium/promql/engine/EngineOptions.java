package io.promethium.promql.engine;

import java.time.Duration;

/**
 * Engine settings, with Prometheus's flag defaults.
 *
 * @param lookbackDelta {@code --query.lookback-delta}, default 5m
 * @param timeout {@code --query.timeout}, default 2m
 * @param maxSamples {@code --query.max-samples}, default 50,000,000
 * @param noStepSubqueryInterval default step for subqueries without one ({@code evaluation_interval}, 1m)
 */
public record EngineOptions(
    Duration lookbackDelta, Duration timeout, long maxSamples, Duration noStepSubqueryInterval) {
  public static EngineOptions defaults() {
    return new EngineOptions(Duration.ofMinutes(5), Duration.ofMinutes(2), 50_000_000L, Duration.ofMinutes(1));
  }
}
