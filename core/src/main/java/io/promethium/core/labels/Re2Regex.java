package io.promethium.core.labels;

import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression with Go RE2 syntax and Prometheus 2.x semantics, run on {@code java.util.regex}:
 * always matched against the whole input (Prometheus compiles {@code ^(?:re)$}), {@code .} matching
 * anything but {@code \n} unless {@code (?s)}. Used by label matchers and relabeling.
 *
 * <p>Syntax Java reads differently is translated and syntax RE2 lacks is refused with Go's message (see
 * {@link Re2Translator}); {@link #expand} follows Go's {@code Regexp.Expand}. RE2 is linear-time and
 * java.util.regex is not: patterns with nested or many repetitions match under a {@link StepBudget} and
 * throw {@link RegexBudgetExceededException} rather than hang. Immutable and thread-safe;
 * {@link #matcher} returns a fresh result owned by the caller.
 */
public final class Re2Regex {
  private final String source;
  private final Pattern pattern;
  private final int groupCount;
  private final Map<String, Integer> groupNames;
  /** Matches of risky patterns (a repeated group holding a repetition) run under a {@link StepBudget}. */
  private final boolean budgeted;

  private Re2Regex(String source, Pattern pattern, int groupCount, Map<String, Integer> groupNames, boolean budgeted) {
    this.source = source;
    this.pattern = pattern;
    this.groupCount = groupCount;
    this.groupNames = groupNames;
    this.budgeted = budgeted;
  }

  /**
   * Compiles {@code re} as written in PromQL or a relabel config (anchoring is implied).
   *
   * @throws IllegalArgumentException {@code error parsing regexp: <what>: `<where>`}, as Go words it
   */
  public static Re2Regex compile(String re) {
    // Translate exactly what Prometheus hands Go, so malformed input fails the same way and with the same
    // message (an unterminated \Q swallows the closing ")$"; "a\" escapes the ")").
    Re2Translator.Result t = Re2Translator.translate("^(?:" + re + ")$");
    try {
      Pattern p = Pattern.compile(t.javaRegex(), Pattern.UNIX_LINES);
      return new Re2Regex(re, p, t.groupCount(), t.groupNames(), t.backtrackingRisk());
    } catch (PatternSyntaxException e) {
      // Translation leaves few errors to Java (e.g. a reversed range [z-a]); word them the Go way.
      String what = e.getDescription().toLowerCase(java.util.Locale.ROOT);
      if (what.contains("range")) {
        what = "invalid character class range";
      }
      throw new IllegalArgumentException("error parsing regexp: " + what + ": `" + re + "`");
    }
  }

  /** The expression as written. */
  public String source() {
    return source;
  }

  /** The translated Java pattern (without the implied anchors; use {@link java.util.regex.Matcher#matches}). */
  public Pattern pattern() {
    return pattern;
  }

  /** Number of capturing groups, named or not. */
  public int groupCount() {
    return groupCount;
  }

  /**
   * Whether the whole of {@code s} matches.
   *
   * @throws RegexBudgetExceededException when a pattern with nested repetition backtracks exponentially
   */
  public boolean matches(String s) {
    return engine(s).matches();
  }

  /** The groups of a whole-input match of {@code s}, or {@code null} when it does not match. */
  public MatchResult matcher(String s) {
    java.util.regex.Matcher m = engine(s);
    return m.matches() ? m.toMatchResult() : null;
  }

  private java.util.regex.Matcher engine(String s) {
    return pattern.matcher(budgeted ? new StepBudget(s, source) : s);
  }

  /**
   * Matches the whole of {@code s}; on success returns {@code template} expanded with the groups,
   * otherwise {@code null}.
   */
  public String matchAndExpand(String s, String template) {
    java.util.regex.Matcher m = engine(s);
    return m.matches() ? expand(template, m) : null;
  }

  /**
   * Go's {@code Regexp.Expand}: {@code $$} is a dollar; {@code $name} takes the longest run of letters,
   * digits and underscores ({@code $1x} is the group named {@code 1x}, usually empty); {@code ${name}}
   * delimits it. A number is a group index (no leading zeros); an unknown name, a group out of range or
   * one that did not participate expands to nothing; a malformed {@code $} is copied literally.
   */
  public String expand(String template, MatchResult m) {
    if (template.indexOf('$') < 0) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + 16);
    int n = template.length();
    int i = 0;
    while (i < n) {
      char c = template.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      i++;
      if (i < n && template.charAt(i) == '$') {
        out.append('$');
        i++;
        continue;
      }
      boolean brace = i < n && template.charAt(i) == '{';
      int start = brace ? i + 1 : i;
      int end = start;
      while (end < n && isNameChar(template.charAt(end))) {
        end++;
      }
      if (end == start || (brace && (end >= n || template.charAt(end) != '}'))) {
        out.append('$'); // malformed: Go copies the '$' and goes on after it
        continue;
      }
      String name = template.substring(start, end);
      i = brace ? end + 1 : end;
      int group = groupIndex(name);
      if (group >= 0 && group <= m.groupCount()) {
        String g = m.group(group);
        if (g != null) {
          out.append(g);
        }
      }
    }
    return out.toString();
  }

  private int groupIndex(String name) {
    int num = 0;
    boolean numeric = !(name.length() > 1 && name.charAt(0) == '0');
    for (int k = 0; k < name.length() && numeric; k++) {
      char ch = name.charAt(k);
      if (ch < '0' || ch > '9' || num >= 100_000_000) {
        numeric = false;
      } else {
        num = num * 10 + (ch - '0');
      }
    }
    if (numeric) {
      return num;
    }
    Integer g = groupNames.get(name);
    return g == null ? -1 : g;
  }

  /** Go's template names: letters, digits (Unicode, as unicode.IsLetter/IsDigit) and underscore. */
  private static boolean isNameChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  @Override
  public String toString() {
    return source;
  }
}
