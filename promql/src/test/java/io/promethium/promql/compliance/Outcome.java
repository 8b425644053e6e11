package io.promethium.promql.compliance;

/**
 * One query's verdict in one suite, with the diff or reason ({@code detail}) and how much the reference answered
 * ({@code series}, {@code points}; zero when it did not get that far). Immutable.
 */
record Outcome(QuerySuite suite, ComplianceCases.Case testCase, Status status, String detail, int series,
    long points) {
  /**
   * {@code NOTED}: equal as the suite compares, but with a difference it does not hold against us (the wording
   * of a parse error, or of a random query's error); it passes and is listed in the report.
   */
  enum Status { PASSED, FAILED, SKIPPED, NOTED }

  Outcome(QuerySuite suite, ComplianceCases.Case testCase, Status status, String detail) {
    this(suite, testCase, status, detail, 0, 0);
  }
}
