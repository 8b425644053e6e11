package io.promethium.promql.compliance;

/**
 * One query's verdict in one suite, with the diff or reason ({@code detail}) and how much the reference answered
 * ({@code series}, {@code points}; zero when it did not get that far). Immutable.
 */
record Outcome(QuerySuite suite, ComplianceCases.Case testCase, Status status, String detail, int series,
    long points) {
  /**
   * {@code NOTED}: equal as the tester compares, but with a difference it does not look at (the order of tied
   * values in {@code sort}); it passes and is listed in the report.
   */
  enum Status { PASSED, FAILED, SKIPPED, NOTED }

  Outcome(QuerySuite suite, ComplianceCases.Case testCase, Status status, String detail) {
    this(suite, testCase, status, detail, 0, 0);
  }
}
