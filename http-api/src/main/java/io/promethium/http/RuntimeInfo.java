package io.promethium.http;

/**
 * What {@code /api/v1/status/runtimeinfo} reports, with Prometheus's field names (the Go runtime fields
 * carry the JVM's nearest equivalents: live threads for goroutines, processors for GOMAXPROCS, max heap for
 * GOMEMLIMIT). Immutable.
 *
 * @param startTimeMillis process start, Unix ms
 * @param lastConfigTimeMillis last successful config load, Unix ms
 */
public record RuntimeInfo(long startTimeMillis, String cwd, boolean reloadConfigSuccess, long lastConfigTimeMillis,
    long corruptionCount, int goroutineCount, int gomaxprocs, long gomemlimit, String gogc, String godebug,
    String storageRetention) {}
