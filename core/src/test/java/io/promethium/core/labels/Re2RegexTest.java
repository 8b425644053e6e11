package io.promethium.core.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.regex.MatchResult;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Re2RegexTest {
  /** regex, input, whether Go's regexp.MustCompile("^(?:" + re + ")$").MatchString(input). */
  static Stream<Arguments> matches() {
    return Stream.of(
        Arguments.of("foo", "foo", true),
        Arguments.of("foo", "foox", false),
        Arguments.of("foo|bar", "bar", true),
        Arguments.of("a.c", "a\nc", false),
        Arguments.of("a.c", "a\rc", true),
        Arguments.of("a.c", "a\u2028c", true),
        Arguments.of("(?s)a.c", "a\nc", true),
        Arguments.of("(?s:a.)c", "a\nc", true),
        Arguments.of(".*", "x\ny", false),
        Arguments.of("foo$", "foo\n", false),
        Arguments.of("(?m)foo$\\n", "foo\n", true),
        Arguments.of("[a&&b]", "&", true),
        Arguments.of("[a&&b]", "a", true),
        Arguments.of("[a[b]", "[", true),
        Arguments.of("[]a]", "]", true),
        Arguments.of("[^]a]", "b", true),
        Arguments.of("[^]a]", "]", false),
        Arguments.of("[[:alpha:]]+", "abcXYZ", true),
        Arguments.of("[[:^digit:]]", "5", false),
        Arguments.of("[[:digit:][:space:]]+", "1 2\t3", true),
        Arguments.of("\\s", "\u000b", false),
        Arguments.of("\\s+", " \t\n\f\r", true),
        Arguments.of("\\S", "\u000b", true),
        Arguments.of("\\v", "\u000b", true),
        Arguments.of("\\v", "\n", false),
        Arguments.of("\\d+", "\u0663", false),
        Arguments.of("(?i)straße", "STRASSE", false),
        Arguments.of("(?i)é", "É", true),
        Arguments.of("(?i)k", "\u212a", true),
        Arguments.of("(?P<first_name>\\w+) (?P<x>\\w+)", "ab cd", true),
        Arguments.of("\\Qa.b\\E", "a.b", true),
        Arguments.of("\\Qa.b\\E", "axb", false),
        Arguments.of("a{,3}", "a{,3}", true),
        Arguments.of("a{x}", "a{x}", true),
        Arguments.of("a{2,3}", "aaa", true),
        Arguments.of("a{2}", "aaa", false),
        Arguments.of("x}", "x}", true),
        Arguments.of("\\x41\\x{42}\\101", "ABA", true),
        Arguments.of("\\012", "\n", true),
        Arguments.of("\\pL+", "héllo", true),
        Arguments.of("\\p{Greek}+", "αβγ", true),
        Arguments.of("\\PL", "1", true),
        Arguments.of("\\p{^Greek}", "a", true),
        Arguments.of("(?U)a+", "aaa", true),
        Arguments.of("\\.\\*\\+", ".*+", true),
        Arguments.of("a#b c", "a#b c", true),
        Arguments.of("", "", true),
        Arguments.of("a|", "", true),
        Arguments.of("é\\b.*", "éa", true),
        Arguments.of("a\\b.*", "a b", true),
        Arguments.of("a\\b.*", "ab", false),
        Arguments.of("a\\B.*", "ab", true),
        Arguments.of(".*\\bfoo\\b.*", "x foo y", true),
        Arguments.of("(?P<a>x)(?P<a>y)", "xy", true),
        Arguments.of("^*a", "a", true),
        Arguments.of("(?)a", "a", true),
        Arguments.of("x{2}{,3}", "xx{,3}", true),
        Arguments.of("[a-c-e]+", "a-eb", true),
        Arguments.of("[--/]", ".", true),
        Arguments.of("[\\d-z]+", "5-z", true));
  }

  @ParameterizedTest(name = "[{index}] {0} ~ {1}")
  @MethodSource("matches")
  void matchesLikeGo(String re, String input, boolean expected) {
    assertEquals(expected, Re2Regex.compile(re).matches(input));
  }

  /** Errors as Go's regexp/syntax words them. */
  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("a(?=b)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
        Arguments.of("a(?!b)", "error parsing regexp: invalid or unsupported Perl syntax: `(?!`"),
        Arguments.of("(?<=a)b", "error parsing regexp: invalid or unsupported Perl syntax: `(?<`"),
        Arguments.of("(?<!a)b", "error parsing regexp: invalid or unsupported Perl syntax: `(?<`"),
        Arguments.of("(?>ab)", "error parsing regexp: invalid or unsupported Perl syntax: `(?>`"),
        Arguments.of("(a)\\1", "error parsing regexp: invalid escape sequence: `\\1`"),
        Arguments.of("\\8", "error parsing regexp: invalid escape sequence: `\\8`"),
        Arguments.of("a*+", "error parsing regexp: invalid nested repetition operator: `*+`"),
        Arguments.of("a++", "error parsing regexp: invalid nested repetition operator: `++`"),
        Arguments.of("a**", "error parsing regexp: invalid nested repetition operator: `**`"),
        Arguments.of("a*??", "error parsing regexp: invalid nested repetition operator: `*??`"),
        Arguments.of("a{2}{3}", "error parsing regexp: invalid nested repetition operator: `{2}{3}`"),
        Arguments.of("*a", "error parsing regexp: missing argument to repetition operator: `*`"),
        Arguments.of("a|+", "error parsing regexp: missing argument to repetition operator: `+`"),
        Arguments.of("(?:*)", "error parsing regexp: missing argument to repetition operator: `*`"),
        Arguments.of("a{1001}", "error parsing regexp: invalid repeat count: `{1001}`"),
        Arguments.of("a{3,2}", "error parsing regexp: invalid repeat count: `{3,2}`"),
        Arguments.of("\\Z", "error parsing regexp: invalid escape sequence: `\\Z`"),
        Arguments.of("\\h", "error parsing regexp: invalid escape sequence: `\\h`"),
        Arguments.of("\\e", "error parsing regexp: invalid escape sequence: `\\e`"),
        Arguments.of("\\G", "error parsing regexp: invalid escape sequence: `\\G`"),
        Arguments.of("\\k<a>", "error parsing regexp: invalid escape sequence: `\\k`"),
        Arguments.of("\\xZZ", "error parsing regexp: invalid escape sequence: `\\xZZ`"),
        Arguments.of("a\\", "error parsing regexp: missing closing ): `^(?:a\\)$`"),
        Arguments.of("(a", "error parsing regexp: missing closing ): `^(?:(a)$`"),
        Arguments.of("a)", "error parsing regexp: unexpected ): `^(?:a))$`"),
        Arguments.of("[a", "error parsing regexp: missing closing ]: `[a)$`"),
        Arguments.of("x[a", "error parsing regexp: missing closing ]: `[a)$`"),
        Arguments.of("[[:foo:]]", "error parsing regexp: invalid character class range: `[:foo:]`"),
        Arguments.of("[z-a]", "error parsing regexp: invalid character class range: `z-a`"),
        Arguments.of("(?x)a", "error parsing regexp: invalid or unsupported Perl syntax: `(?x`"),
        Arguments.of("(?P<a-b>x)", "error parsing regexp: invalid named capture: `(?P<a-b>`"),
        Arguments.of("(?P<>a)", "error parsing regexp: invalid named capture: `(?P<>`"),
        Arguments.of("\\Qa.b", "error parsing regexp: missing closing ): `^(?:\\Qa.b)$`"),
        Arguments.of("\\pX", "error parsing regexp: invalid character class range: `\\pX`"),
        Arguments.of("\\p{Foo}", "error parsing regexp: invalid character class range: `\\p{Foo}`"),
        Arguments.of("a{2,1001}", "error parsing regexp: invalid repeat count: `{2,1001}`"),
        Arguments.of("\\x{110000}", "error parsing regexp: invalid escape sequence: `\\x{110000`"),
        Arguments.of("[a-\\d]", "error parsing regexp: invalid escape sequence: `\\d`"));
  }

  /** Regexes Go refuses, each with Go's message (checked against promtool in Re2AgainstPromtoolTest). */
  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("errors")
  void refusesLikeGo(String re, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Re2Regex.compile(re));
    assertEquals(message, e.getMessage());
  }

  /** Go's Regexp.Expand on a match of regex against input. */
  static Stream<Arguments> expansions() {
    String re = "(?P<first>\\w+)-(\\w+)(x)?";
    return Stream.of(
        Arguments.of(re, "ab-cd", "$1", "ab"),
        Arguments.of(re, "ab-cd", "${1}", "ab"),
        Arguments.of(re, "ab-cd", "$2:$1", "cd:ab"),
        Arguments.of(re, "ab-cd", "$first/$2", "ab/cd"),
        Arguments.of(re, "ab-cd", "${first}x", "abx"),
        Arguments.of(re, "ab-cd", "$firstx", ""),
        Arguments.of(re, "ab-cd", "$1x", ""),
        Arguments.of(re, "ab-cd", "${1}x", "abx"),
        Arguments.of(re, "ab-cd", "$$1", "$1"),
        Arguments.of(re, "ab-cd", "$3", ""),
        Arguments.of(re, "ab-cd", "$9", ""),
        Arguments.of(re, "ab-cd", "$01", ""),
        Arguments.of(re, "ab-cd", "$0", "ab-cd"),
        Arguments.of(re, "ab-cd", "$", "$"),
        Arguments.of(re, "ab-cd", "a$-b", "a$-b"),
        Arguments.of(re, "ab-cd", "${1", "${1"),
        Arguments.of(re, "ab-cd", "${}", "${}"),
        Arguments.of(re, "ab-cd", "$unknown", ""),
        Arguments.of("(a)(x)?(b)", "ab", "[$2][$3]", "[][b]"),
        Arguments.of("(.*)", "foo", "prefix_${1}_suffix", "prefix_foo_suffix"),
        Arguments.of("(?<n_1>a)", "a", "${n_1}$n_1", "aa"));
  }

  @ParameterizedTest(name = "[{index}] {2}")
  @MethodSource("expansions")
  void expandsLikeGo(String re, String input, String template, String expected) {
    Re2Regex r = Re2Regex.compile(re);
    MatchResult m = r.matcher(input);
    assertEquals(expected, r.expand(template, m));
    assertEquals(expected, r.matchAndExpand(input, template));
  }

  @org.junit.jupiter.api.Test
  void noMatchGivesNull() {
    Re2Regex r = Re2Regex.compile("a(b)");
    assertNull(r.matcher("abc"));
    assertNull(r.matchAndExpand("xab", "$1"));
    assertEquals(1, r.groupCount());
  }

  @org.junit.jupiter.api.Test
  void catastrophicBacktrackingFailsInsteadOfHanging() {
    // java.util.regex memoises simple loops ((a+)+b is fast), but a repeated group around .* backtracks
    // polynomially with a large exponent: 40 characters would take hours.
    String input = "a".repeat(40) + "c";
    for (String re : new String[] {"(.*a){12}b", "(?:.*a.*){10}b", ".*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*b"}) {
      RegexBudgetExceededException e =
          assertThrows(RegexBudgetExceededException.class, () -> Re2Regex.compile(re).matches(input), re);
      assertEquals(true, e.getMessage().contains(re), e.getMessage());
    }
    // Patterns under the budget still answer normally, groups included.
    assertEquals(true, Re2Regex.compile("(.*a){12}b").matches("a".repeat(12) + "b"));
    Re2Regex r = Re2Regex.compile("(foo|bar)+-(\\d+)");
    assertEquals("bar/42", r.matchAndExpand("foobar-42", "$1/$2"));
    assertEquals(false, r.matches("foobaz-42"));
    assertEquals(true, Re2Regex.compile("(a+)+b").matches("a".repeat(10_000) + "b"));
  }
}
