/**
 * Compaction: {@link io.promethium.tsdb.compact.LeveledCompactor} plans and merges blocks into larger
 * ones with Prometheus's leveled ranges ({@link io.promethium.tsdb.compact.BlockRanges}).
 */
package io.promethium.tsdb.compact;
