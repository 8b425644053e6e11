/**
 * Backfill: creating blocks from OpenMetrics text ({@link io.promethium.tsdb.backfill.OpenMetricsBackfill}),
 * the engine of {@code promethium tsdb create-blocks-from openmetrics}.
 */
package io.promethium.tsdb.backfill;
