package io.promethium.promql.engine;

/**
 * Timings and counts of one query, as Prometheus's {@code stats=all} reports them (seconds and counts).
 */
public record QueryStats(
    double execTotalSeconds,
    double queueSeconds,
    double prepareSeconds,
    double innerEvalSeconds,
    double resultSortSeconds,
    long totalQueryableSamples,
    long peakSamples) {}
