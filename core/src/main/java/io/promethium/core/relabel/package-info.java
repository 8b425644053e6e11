/**
 * Relabeling: {@link io.promethium.core.relabel.Relabeler} applies {@code relabel_configs}-style rules to a
 * label set with Prometheus 2.48 semantics, using {@link io.promethium.core.labels.Re2Regex} for the anchored
 * RE2-dialect expressions and Go template expansion.
 */
package io.promethium.core.relabel;
