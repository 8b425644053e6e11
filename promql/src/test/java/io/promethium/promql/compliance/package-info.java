/**
 * PromQL compliance against the real Prometheus: the compliance tester's query suite (and our extra queries)
 * run on our engine over an in-memory storage and on {@code /usr/bin/prometheus} over the same synthetic demo
 * data, backfilled with {@code promtool}; results are compared series by series. Entry point: {@link
 * io.promethium.promql.compliance.PromqlComplianceTest}; run it alone with {@code -Dtest='PromqlComplianceTest'},
 * add {@code -Dpromethium.compliance.report-only=true} to turn failures into skips; the report lands in the
 * module's build directory as {@code compliance-report.txt}. Seeded random queries ({@link
 * io.promethium.promql.compliance.RandomQueries}) take {@code -Dpromethium.compliance.seed=N} and {@code
 * -Dpromethium.compliance.random=COUNT}. The only compliance suite (the engine's {@code promqltest} package runs
 * the upstream test scripts). Self-contained: nothing here is shared with the
 * engine's own {@code promqltest} package.
 */
package io.promethium.promql.compliance;
