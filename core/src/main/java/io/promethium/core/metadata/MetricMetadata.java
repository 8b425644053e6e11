package io.promethium.core.metadata;

/** Type, help and unit of a metric family, as exposed by a target. Empty strings when absent. */
public record MetricMetadata(MetricType type, String help, String unit) {}
