package io.promethium.core.labels;

import java.util.regex.Pattern;

/**
 * A label matcher: {@code name op "value"}. Regex matchers are fully anchored, as in Prometheus. A missing
 * label matches as the empty string. Immutable and thread-safe.
 */
public final class Matcher {
  private final MatchType type;
  private final String name;
  private final String value;
  private final Pattern pattern;

  private Matcher(MatchType type, String name, String value) {
    this.type = type;
    this.name = name;
    this.value = value;
    this.pattern = type == MatchType.REGEX || type == MatchType.NOT_REGEX
        ? Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL)
        : null;
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
      case REGEX -> pattern.matcher(v).matches();
      case NOT_REGEX -> !pattern.matcher(v).matches();
    };
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
