/**
 * PromQL's function implementations over primitive sample windows: range-vector functions
 * ({@link io.promethium.promql.functions.RangeFunction} over a reusable
 * {@link io.promethium.promql.functions.SampleWindow}), element-wise math and calendar functions, quantiles
 * and classic-histogram bucket quantiles. Arithmetic follows Prometheus 2.48 (Kahan sums, extrapolated rate).
 */
package io.promethium.promql.functions;
