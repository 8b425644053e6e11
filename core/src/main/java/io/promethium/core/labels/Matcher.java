package io.promethium.core.labels;

import java.util.List;

/**
 * A label matcher: {@code name op "value"}. Regex matchers use RE2 syntax and are fully anchored, with
 * {@code .} not matching a newline, as in Prometheus 2.x ({@link Re2Regex}). A missing label matches as the
 * empty string. Immutable and thread-safe.
 *
 * <p>Simple regexes skip the regex engine, as Prometheus's {@code FastRegexMatcher}: a literal compares
 * with equals, {@code a|b|c} looks up a set, {@code lit.*}/{@code .*lit}/{@code .*lit.*} use
 * startsWith/endsWith/contains, {@code .*} and {@code .+} check only for newlines and emptiness. The index
 * can use {@link #setMatches()} and {@link #prefix()} to avoid scanning all values of a label. A regex
 * prone to exponential backtracking in java.util.regex may throw {@link RegexBudgetExceededException} from
 * {@link #matches} where Go's RE2 would have answered (see {@link StepBudget}).
 */
public final class Matcher {
  private final MatchType type;
  private final String name;
  private final String value;
  private final RegexShape shape;
  private final Re2Regex regex;

  private Matcher(MatchType type, String name, String value) {
    this.type = type;
    this.name = name;
    this.value = value;
    if (type == MatchType.REGEX || type == MatchType.NOT_REGEX) {
      this.shape = RegexShape.of(value);
      // Every simple shape is valid RE2 by construction; compile only what needs the engine.
      this.regex = shape.kind() == RegexShape.Kind.REGEX ? Re2Regex.compile(value) : null;
    } else {
      this.shape = null;
      this.regex = null;
    }
  }

  /**
   * Creates a matcher.
   *
   * @throws IllegalArgumentException if a regex does not compile (message says why)
   */
  public static Matcher of(MatchType type, String name, String value) {
    return new Matcher(type, name, value);
  }

  public static Matcher equal(String name, String value) {
    return new Matcher(MatchType.EQUAL, name, value);
  }

  public MatchType type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  public boolean matches(String v) {
    return switch (type) {
      case EQUAL -> value.equals(v);
      case NOT_EQUAL -> !value.equals(v);
      case REGEX -> regexMatches(v);
      case NOT_REGEX -> !regexMatches(v);
    };
  }

  private boolean regexMatches(String v) {
    return regex != null ? regex.matches(v) : shape.matches(v);
  }

  /**
   * For a regex matcher that is a literal or an alternation of literals ({@code a|b|c}, {@code (a|b)}),
   * the exact values it matches; otherwise {@code null}. For {@code !~} these are the values it rejects.
   */
  public List<String> setMatches() {
    return shape == null ? null : shape.set();
  }

  /**
   * A string every value matched by the regex starts with ({@code foo} for {@code foo.*} or
   * {@code foo(bar|baz)}), or {@code ""} when there is none or this is not a regex matcher. For {@code !~}
   * it describes the regex, i.e. the values the matcher rejects.
   */
  public String prefix() {
    return shape == null ? "" : shape.prefix();
  }

  /** Whether this regex matcher matches every value without a newline ({@code .*}). */
  public boolean matchesAnything() {
    return shape != null && shape.kind() == RegexShape.Kind.ANY;
  }

  /** Whether this matcher matches a series that lacks the label (that is, matches ""). */
  public boolean matchesEmpty() {
    return matches("");
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append(type.symbol()).append('"');
    Labels.appendEscaped(sb, value);
    return sb.append('"').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Matcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
  }

  @Override
  public int hashCode() {
    return (type.hashCode() * 31 + name.hashCode()) * 31 + value.hashCode();
  }
}
