/**
 * The PromQL syntax tree: immutable records (one per node kind of Prometheus's {@code promql/parser/ast.go}),
 * built by {@link io.promethium.promql.parser.PromQLParser} and evaluated by the engine, and
 * {@link io.promethium.promql.ast.ExprPrinter}, which prints a tree back to PromQL. Node positions are not
 * part of the records; the parser keeps them only for its error messages.
 */
package io.promethium.promql.ast;
