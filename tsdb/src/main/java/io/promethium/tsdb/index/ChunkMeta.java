package io.promethium.tsdb.index;

/**
 * What the index says about one chunk of a series: first and last sample time (inclusive) and the chunk's
 * reference in the block's segment files. Immutable.
 */
public record ChunkMeta(long minTime, long maxTime, long ref) {}
