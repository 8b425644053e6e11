/**
 * Self-metric kinds the core registry lacks: the engine's query-duration summary (quantiles from
 * HdrHistogram over a sliding window).
 */
package io.promethium.http.metrics;
