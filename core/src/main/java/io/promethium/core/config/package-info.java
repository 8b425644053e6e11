/**
 * The {@code prometheus.yml} model and loader: immutable records with Prometheus 2.48's defaults filled
 * in, produced by {@link io.promethium.core.config.ConfigLoader}, which validates like Prometheus and
 * reports errors as {@code file:line:col: message}.
 */
package io.promethium.core.config;
