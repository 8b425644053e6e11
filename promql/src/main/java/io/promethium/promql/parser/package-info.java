/**
 * The PromQL parser: a hand-written lexer ({@code Lexer}), a precedence-climbing parser ({@code ExprParser})
 * building the immutable {@code io.promethium.promql.ast} records, a type checker, and the function
 * signature table ({@link io.promethium.promql.parser.Functions}). Entry point:
 * {@link io.promethium.promql.parser.PromQLParser}. Grammar, precedence and error texts follow Prometheus
 * 2.48 ({@code promql/parser} in prometheus/prometheus) so that clients see the same messages.
 */
package io.promethium.promql.parser;
