package io.promethium.tsdb;

import io.promethium.tsdb.head.PostingsStats;

/**
 * What {@code /api/v1/status/tsdb} shows: head figures and the head index's cardinality. Immutable.
 *
 * @param numSeries series in the head
 * @param chunkCount chunks in the head
 * @param minTime head min time (ms), {@code Long.MAX_VALUE} when empty
 * @param maxTime head max time (ms), {@code Long.MIN_VALUE} when empty
 * @param postings top label/value cardinalities, with the number of label pairs
 */
public record TsdbStats(long numSeries, long chunkCount, long minTime, long maxTime, PostingsStats postings) {}
