/**
 * Persisted blocks: opening and querying ({@link io.promethium.tsdb.block.Block}), writing ({@link
 * io.promethium.tsdb.block.BlockWriter} from a {@link io.promethium.tsdb.block.SeriesSource}), meta.json
 * ({@link io.promethium.tsdb.block.BlockMeta}) and block names ({@link io.promethium.tsdb.block.Ulid}).
 */
package io.promethium.tsdb.block;
