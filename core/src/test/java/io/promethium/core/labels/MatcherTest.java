package io.promethium.core.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MatcherTest {
  static final List<String> VALUES = List.of("", "foo", "foobar", "barfoo", "xfoox", "bar", "baz", "fo", "foo\n",
      "foo\nbar", "\nfoo", "a.b", "FOO", "ba", "b", "x\ny");

  /** Each pattern: the fast path must agree with the regex engine on every value. */
  static Stream<Arguments> patterns() {
    return Stream.of(
        Arguments.of("foo", "LITERAL", List.of("foo"), "foo"),
        Arguments.of("a\\.b", "LITERAL", List.of("a.b"), "a.b"),
        Arguments.of("", "LITERAL", List.of(""), ""),
        Arguments.of("foo|bar|baz", "SET", List.of("foo", "bar", "baz"), ""),
        Arguments.of("(bar|baz)", "SET", List.of("bar", "baz"), "ba"),
        Arguments.of("(?:foo|)", "SET", List.of("foo", ""), ""),
        Arguments.of("foo.*", "PREFIX", null, "foo"),
        Arguments.of(".*foo", "SUFFIX", null, ""),
        Arguments.of(".*foo.*", "CONTAINS", null, ""),
        Arguments.of(".*", "ANY", null, ""),
        Arguments.of(".+", "NON_EMPTY", null, ""),
        Arguments.of("foo(bar|baz)?", "REGEX", null, "foo"),
        Arguments.of("fo+", "REGEX", null, "fo"),
        Arguments.of("fox?", "REGEX", null, "fo"),
        Arguments.of("foo\\.*", "REGEX", null, "foo"),
        Arguments.of("(?i)foo", "REGEX", null, ""),
        Arguments.of("foo|ba.", "REGEX", null, ""),
        Arguments.of("b[a-z]*", "REGEX", null, "b"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("patterns")
  void fastPathsAgreeWithRegex(String re, String kind, List<String> set, String prefix) {
    RegexShape shape = RegexShape.of(re);
    assertEquals(kind, shape.kind().name());
    Matcher m = Matcher.of(MatchType.REGEX, "l", re);
    Matcher not = Matcher.of(MatchType.NOT_REGEX, "l", re);
    assertEquals(set, m.setMatches());
    assertEquals(prefix, m.prefix());
    Re2Regex engine = Re2Regex.compile(re);
    for (String v : VALUES) {
      assertEquals(engine.matches(v), m.matches(v), re + " ~ " + v.replace("\n", "\\n"));
      assertEquals(!engine.matches(v), not.matches(v), re + " !~ " + v.replace("\n", "\\n"));
      if (!m.prefix().isEmpty() && m.matches(v)) {
        assertEquals(true, v.startsWith(m.prefix()));
      }
    }
  }

  @Test
  void longAlternationUsesTheSet() {
    StringBuilder re = new StringBuilder();
    List<String> values = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      re.append(i > 0 ? "|" : "").append("host-").append(i).append("\\.example");
      values.add("host-" + i + ".example");
    }
    Matcher m = Matcher.of(MatchType.REGEX, "instance", re.toString());
    assertEquals(values, m.setMatches());
    assertEquals("host-", m.prefix());
    assertEquals(true, m.matches("host-299.example"));
    assertEquals(false, m.matches("host-300.example"));
    assertEquals(false, m.matches("host-1xexample"));
  }

  @Test
  void equalityMatchers() {
    assertEquals(true, Matcher.equal("a", "").matchesEmpty());
    assertEquals(false, Matcher.of(MatchType.NOT_EQUAL, "a", "").matches(""));
    assertEquals(true, Matcher.of(MatchType.REGEX, "a", "x|").matchesEmpty());
    assertNull(Matcher.equal("a", "b").setMatches());
    assertEquals("", Matcher.equal("a", "b").prefix());
  }

  @Test
  void badRegexIsIllegalArgument() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Matcher.of(MatchType.REGEX, "a", "(?=x)"));
    assertEquals("error parsing regexp: invalid or unsupported Perl syntax: `(?=`", e.getMessage());
  }
}
