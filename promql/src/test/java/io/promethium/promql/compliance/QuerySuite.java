package io.promethium.promql.compliance;

import java.time.Instant;

/**
 * One way of running a query file: as range queries on one grid of steps, or ({@code instant}) as instant queries
 * at {@link PromqlComplianceTest#INSTANT_TIMES}. {@code tag} marks its lines in the report. With {@code
 * followsReference} (random queries) a case has no {@code should_fail} of its own: it must fail exactly when the
 * reference fails, and only the error type must match. Immutable.
 */
record QuerySuite(String name, String tag, long start, long end, long step, boolean instant,
    boolean followsReference) {
  static QuerySuite range(String name, String tag, long start, long end, long step) {
    return new QuerySuite(name, tag, start, end, step, false, false);
  }

  /** Range queries whose expected failure is whatever the reference does. */
  static QuerySuite rangeFollowingReference(String name, String tag, long start, long end, long step) {
    return new QuerySuite(name, tag, start, end, step, false, true);
  }

  static QuerySuite instant(String name, String tag) {
    return new QuerySuite(name, tag, 0, 0, 0, true, false);
  }

  String grid() {
    return Instant.ofEpochMilli(start) + " .. " + Instant.ofEpochMilli(end) + " step " + step + "ms";
  }
}
