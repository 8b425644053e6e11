package io.promethium.tsdb.record;

/** One entry of a tombstones record: samples of series {@code ref} in {@code [minT, maxT]} are deleted. */
public record TombstoneRecord(long ref, long minT, long maxT) {}
