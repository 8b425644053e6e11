package io.promethium.promql.compliance;

import java.time.Instant;

/**
 * One way of running a query file: as range queries on one grid of steps, or ({@code instant}) as instant queries
 * at {@link PromqlComplianceTest#INSTANT_TIMES}. {@code tag} marks its lines in the report. Immutable.
 */
record QuerySuite(String name, String tag, long start, long end, long step, boolean instant) {
  static QuerySuite range(String name, String tag, long start, long end, long step) {
    return new QuerySuite(name, tag, start, end, step, false);
  }

  static QuerySuite instant(String name, String tag) {
    return new QuerySuite(name, tag, 0, 0, 0, true);
  }

  String grid() {
    return Instant.ofEpochMilli(start) + " .. " + Instant.ofEpochMilli(end) + " step " + step + "ms";
  }
}
