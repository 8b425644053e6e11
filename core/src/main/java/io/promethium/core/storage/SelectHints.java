package io.promethium.core.storage;

/**
 * What a query will do with the series it selects, so a storage may skip work. All times in milliseconds.
 *
 * @param start first timestamp the query reads
 * @param end last timestamp the query reads
 * @param step evaluation step of a range query, 0 for instant queries
 * @param func the function wrapping the selector, e.g. {@code "rate"}, or {@code "series"} when only labels
 *     are needed; may be {@code null}
 * @param range the range of a range selector, 0 otherwise
 */
public record SelectHints(long start, long end, long step, String func, long range) {}
