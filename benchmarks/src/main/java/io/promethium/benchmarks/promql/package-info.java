/**
 * JMH benchmarks of the PromQL engine: range queries over 10k-series synthetic data
 * ({@link io.promethium.benchmarks.promql.EngineBenchmark}, data from
 * {@link io.promethium.benchmarks.promql.SyntheticStorage}). Figures and commands: {@code docs/benchmarks.md}.
 */
package io.promethium.benchmarks.promql;
