package io.promethium.core.labels;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a matcher's regex reduces to when it is simple enough to skip the regex engine, as Prometheus's
 * {@code FastRegexMatcher} does: a literal, a set of literal alternatives, {@code lit.*}, {@code .*lit},
 * {@code .*lit.*}, {@code .*} or {@code .+}. Since {@code .} does not match {@code \n} in Prometheus 2.x,
 * every {@code .*} form also requires the value to be free of newlines. Immutable.
 *
 * @param kind the shape
 * @param literal the literal, prefix, suffix or infix ({@code ""} for ANY/NON_EMPTY/REGEX)
 * @param set the alternatives for SET and LITERAL (a single element), else null
 * @param prefix a literal every match starts with ({@code ""} when unknown), for index lookups
 * @param lookup the set as a hash set, for alternations too long to scan (Grafana multi-selects send
 *     hundreds of values); null when the list is short
 */
record RegexShape(Kind kind, String literal, List<String> set, String prefix, Set<String> lookup) {
  enum Kind { LITERAL, SET, PREFIX, SUFFIX, CONTAINS, ANY, NON_EMPTY, REGEX }

  private static final String META = "\\.+*?()|[]{}^$";
  /** Above this many alternatives a hash lookup beats comparing with each. */
  private static final int HASH_LOOKUP_MIN = 8;

  RegexShape(Kind kind, String literal, List<String> set, String prefix) {
    this(kind, literal, set, prefix, set != null && set.size() >= HASH_LOOKUP_MIN ? new HashSet<>(set) : null);
  }

  static RegexShape of(String re) {
    switch (re) {
      case ".*" -> {
        return new RegexShape(Kind.ANY, "", null, "");
      }
      case ".+" -> {
        return new RegexShape(Kind.NON_EMPTY, "", null, "");
      }
      default -> { }
    }
    String lit = literal(re);
    if (lit != null) {
      return new RegexShape(Kind.LITERAL, lit, List.of(lit), lit);
    }
    List<String> alts = alternatives(re);
    if (alts != null) {
      return new RegexShape(Kind.SET, "", List.copyOf(alts), commonPrefix(alts));
    }
    boolean leading = re.startsWith(".*");
    boolean trailing = re.endsWith(".*") && !re.endsWith("\\.*") && re.length() >= 2;
    String middle = re.substring(leading ? 2 : 0, Math.max(leading ? 2 : 0, re.length() - (trailing ? 2 : 0)));
    lit = literal(middle);
    if (lit != null && !lit.isEmpty() && lit.indexOf('\n') < 0 && (leading || trailing)) {
      if (leading && trailing) {
        return new RegexShape(Kind.CONTAINS, lit, null, "");
      }
      return leading ? new RegexShape(Kind.SUFFIX, lit, null, "") : new RegexShape(Kind.PREFIX, lit, null, lit);
    }
    return new RegexShape(Kind.REGEX, "", null, leadingLiteral(re));
  }

  boolean matches(String v) {
    return switch (kind) {
      case LITERAL -> literal.equals(v);
      case SET -> lookup != null ? lookup.contains(v) : set.contains(v);
      case PREFIX -> v.startsWith(literal) && v.indexOf('\n', literal.length()) < 0;
      case SUFFIX -> v.endsWith(literal) && v.lastIndexOf('\n', v.length() - literal.length() - 1) < 0;
      case CONTAINS -> v.indexOf('\n') < 0 && v.contains(literal);
      case ANY -> v.indexOf('\n') < 0;
      case NON_EMPTY -> !v.isEmpty() && v.indexOf('\n') < 0;
      case REGEX -> throw new IllegalStateException("not a simple shape");
    };
  }

  /** The text {@code re} matches when it has no operators (escaped punctuation allowed), else null. */
  static String literal(String re) {
    StringBuilder sb = null;
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 >= re.length()) {
          return null;
        }
        char e = re.charAt(i + 1);
        if (e >= 128 || Character.isLetterOrDigit(e)) {
          return null; // \d, \n, \x41 ... are not plain characters
        }
        if (sb == null) {
          sb = new StringBuilder(re.length()).append(re, 0, i);
        }
        sb.append(e);
        i++;
        continue;
      }
      if (META.indexOf(c) >= 0) {
        return null;
      }
      if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? re : sb.toString();
  }

  /** {@code a|b|c}, optionally inside one {@code (...)} or {@code (?:...)}: the literals, else null. */
  static List<String> alternatives(String re) {
    String body = re;
    if (body.startsWith("(?:") && body.endsWith(")")) {
      body = body.substring(3, body.length() - 1);
    } else if (body.startsWith("(") && body.endsWith(")") && !body.startsWith("(?")) {
      body = body.substring(1, body.length() - 1);
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= body.length(); i++) {
      if (i == body.length() || body.charAt(i) == '|') {
        String lit = literal(body.substring(start, i));
        if (lit == null) {
          return null;
        }
        if (!out.contains(lit)) {
          out.add(lit);
        }
        start = i + 1;
      } else if (body.charAt(i) == '\\') {
        i++;
      }
    }
    return out.size() > 1 || body != re ? out : null;
  }

  /** Literal characters at the start of {@code re} that every match begins with, or "". */
  static String leadingLiteral(String re) {
    if (hasTopLevelAlternation(re)) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      int next = i + 1;
      char lit;
      if (c == '\\') {
        if (next >= re.length()) {
          break;
        }
        char e = re.charAt(next);
        if (e >= 128 || Character.isLetterOrDigit(e)) {
          break;
        }
        lit = e;
        next++;
      } else if (META.indexOf(c) >= 0) {
        break;
      } else {
        lit = c;
      }
      // A quantifier that allows zero repetitions makes this character optional.
      if (next < re.length() && "*?{".indexOf(re.charAt(next)) >= 0) {
        break;
      }
      sb.append(lit);
      i = next - 1;
    }
    return sb.toString();
  }

  private static boolean hasTopLevelAlternation(String re) {
    int depth = 0;
    boolean inClass = false;
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
        if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
          i++;
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        return true;
      }
    }
    return false;
  }

  private static String commonPrefix(List<String> alts) {
    String p = alts.get(0);
    for (String s : alts) {
      int k = 0;
      while (k < p.length() && k < s.length() && p.charAt(k) == s.charAt(k)) {
        k++;
      }
      p = p.substring(0, k);
    }
    return p;
  }
}
