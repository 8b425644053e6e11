/**
 * The Prometheus text format 0.0.4 and OpenMetrics 1.0 on the wire: pull parsers over a scrape body in a
 * byte array ({@link io.promethium.core.exposition.PromTextParser},
 * {@link io.promethium.core.exposition.OpenMetricsParser}, chosen by
 * {@link io.promethium.core.exposition.ExpositionParsers#forContentType}) that allocate nothing per sample
 * until labels are asked for, and the text writer used by {@code /federate}
 * ({@link io.promethium.core.exposition.ExpositionWriter}) with Go-compatible float formatting
 * ({@link io.promethium.core.exposition.GoFloatFormat}). Acceptance and error texts follow Prometheus 2.x's
 * {@code model/textparse}; values are parsed with Go's {@code ParseFloat} rules by a non-allocating
 * converter ({@code FloatText}, {@code EiselLemire}).
 */
package io.promethium.core.exposition;
