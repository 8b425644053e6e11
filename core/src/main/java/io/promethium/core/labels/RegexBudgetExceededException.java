package io.promethium.core.labels;

/**
 * A regex match gave up after too many steps (catastrophic backtracking in java.util.regex, which Go's RE2
 * would have avoided). Names the expression and the input length. Stackless: it may be thrown per label
 * value.
 */
public final class RegexBudgetExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RegexBudgetExceededException(String regex, int inputLength) {
    super("regexp `" + regex + "` took too many steps on a " + inputLength
        + "-character value (exponential backtracking); simplify nested repetitions", null, false, false);
  }
}
