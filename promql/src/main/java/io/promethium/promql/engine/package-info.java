/**
 * The PromQL engine: {@link io.promethium.promql.engine.Engine} evaluates parsed expressions against the
 * core storage interfaces, columnar over all steps of a query (one pass per expression node), with
 * Prometheus 2.48's semantics, limits ({@link io.promethium.promql.engine.EngineOptions}) and error kinds
 * ({@link io.promethium.promql.engine.QueryException}).
 */
package io.promethium.promql.engine;
