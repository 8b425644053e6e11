package io.promethium.core.labels;

/**
 * The input of a regex match that counts the regex engine's character reads and gives up past a budget,
 * turning exponential backtracking ({@code (a+)+b} on a long run of {@code a}) into an error instead of a
 * hung thread. Go's RE2, which Prometheus uses, is linear-time and never needs this; java.util.regex is
 * not. The budget is generous: 1,000 reads per input character plus one million. Single use; not
 * thread-safe.
 */
final class StepBudget implements CharSequence {
  private final String s;
  private long left;
  private final String regex;

  StepBudget(String s, String regex) {
    this.s = s;
    this.regex = regex;
    this.left = 1_000_000L + 1_000L * s.length();
  }

  @Override
  public char charAt(int index) {
    if (--left < 0) {
      throw new RegexBudgetExceededException(regex, s.length());
    }
    return s.charAt(index);
  }

  @Override
  public int length() {
    return s.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return s.substring(start, end);
  }

  @Override
  public String toString() {
    return s;
  }
}
