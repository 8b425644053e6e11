package io.promethium.core.labels;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Rewrites a Go RE2 expression (Perl flavour, as Prometheus 2.x compiles it) into an equivalent
 * {@code java.util.regex} expression, refusing what RE2 refuses with Go's error text.
 *
 * <table>
 *   <caption>Differences handled</caption>
 *   <tr><th>RE2</th><th>Java</th><th>done here</th></tr>
 *   <tr><td>{@code (?P<n>x)}, {@code (?<n>x)}</td><td>names must be letters/digits</td><td>plain group; the
 *       name is remembered for {@code ${n}} expansion</td></tr>
 *   <tr><td>{@code (?U)} ungreedy</td><td>{@code U} means Unicode classes</td><td>greediness of each
 *       quantifier swapped in scope</td></tr>
 *   <tr><td>{@code (?i)} folds Unicode</td><td>ASCII only unless {@code u}</td><td>{@code (?iu)}</td></tr>
 *   <tr><td>look-around, atomic groups, back-references, possessive {@code *+}</td><td>supported</td>
 *       <td>refused</td></tr>
 *   <tr><td>{@code [a&&b]}, {@code [a[b]]}</td><td>intersection, nesting</td><td>{@code &} and {@code [}
 *       are literal</td></tr>
 *   <tr><td>{@code [[:alpha:]]}</td><td>not POSIX</td><td>{@code \p{Alpha}} etc.</td></tr>
 *   <tr><td>{@code \s}</td><td>includes {@code \x0B}</td><td>{@code [\t\n\f\r ]}</td></tr>
 *   <tr><td>{@code \v}</td><td>vertical whitespace class</td><td>{@code \x0B}</td></tr>
 *   <tr><td>{@code \b}, {@code \B}</td><td>Unicode word characters</td><td>ASCII look-arounds</td></tr>
 *   <tr><td>{@code \Z}, {@code \h}, {@code \e}, {@code \G}, {@code \k}, ...</td><td>supported</td>
 *       <td>refused: invalid escape</td></tr>
 *   <tr><td>{@code $} without {@code m}</td><td>also before a final newline</td><td>{@code \z}</td></tr>
 *   <tr><td>{@code a{,3}}, {@code a{x}}</td><td>syntax error</td><td>literal braces</td></tr>
 *   <tr><td>{@code \pN}, {@code \p{Greek}}</td><td>scripts are {@code IsGreek}</td><td>renamed</td></tr>
 * </table>
 *
 * <p>The Java pattern must be compiled with {@link java.util.regex.Pattern#UNIX_LINES} so that {@code .}
 * excludes only {@code \n}, as in Go. Single use; not thread-safe.
 */
final class Re2Translator {
  /** Go's repeat limit: {@code a{1001}} is refused. */
  static final int MAX_REPEAT = 1000;

  private static final Map<String, String> POSIX = Map.ofEntries(
      Map.entry("alnum", "\\p{Alnum}"),
      Map.entry("alpha", "\\p{Alpha}"),
      Map.entry("ascii", "\\x00-\\x7F"),
      Map.entry("blank", "\\t "),
      Map.entry("cntrl", "\\p{Cntrl}"),
      Map.entry("digit", "0-9"),
      Map.entry("graph", "\\p{Graph}"),
      Map.entry("lower", "a-z"),
      Map.entry("print", "\\p{Print}"),
      Map.entry("punct", "\\p{Punct}"),
      Map.entry("space", "\\t\\n\\x0B\\f\\r "),
      Map.entry("upper", "A-Z"),
      Map.entry("word", "0-9A-Za-z_"),
      Map.entry("xdigit", "0-9A-Fa-f"));

  private static final String SPACE = "\\t\\n\\f\\r ";
  private static final String W = "[0-9A-Za-z_]";
  private static final String ASCII_WORD_BOUNDARY = "(?:(?<=" + W + ")(?!" + W + ")|(?<!" + W + ")(?=" + W + "))";
  private static final String ASCII_NOT_WORD_BOUNDARY = "(?:(?<=" + W + ")(?=" + W + ")|(?<!" + W + ")(?!" + W + "))";

  private final String re;
  private final StringBuilder out;
  private final Map<String, Integer> names = new HashMap<>();
  private final Deque<int[]> flagStack = new ArrayDeque<>();
  private int groups;
  private boolean ungreedy;
  private boolean multiline;
  /** Whether the last thing emitted can take a quantifier; and whether it was itself a quantifier. */
  private boolean haveAtom;
  private boolean lastWasRepeat;
  private int pos;
  /** Whether the group being read holds a repetition or alternation; whether the atom just closed did. */
  private boolean complexGroup;
  private boolean lastAtomComplex;
  private boolean backtrackingRisk;
  private int repetitions;

  private Re2Translator(String re) {
    this.re = re;
    this.out = new StringBuilder(re.length() + 16);
  }

  /** The translation of {@code re} with its named groups. */
  /**
   * @param backtrackingRisk whether a repeated group itself holds a repetition or an alternation (e.g.
   *     {@code (a+)+}, {@code (a|aa)*}): RE2 runs those in linear time, Java may backtrack exponentially
   */
  record Result(String javaRegex, int groupCount, Map<String, Integer> groupNames, boolean backtrackingRisk) {}

  /**
   * Translates {@code re}.
   *
   * @throws IllegalArgumentException with Go's message, e.g. {@code error parsing regexp: invalid or
   *     unsupported Perl syntax: `(?=`}
   */
  static Result translate(String re) {
    Re2Translator t = new Re2Translator(re);
    t.run();
    return new Result(t.out.toString(), t.groups, Map.copyOf(t.names), t.backtrackingRisk);
  }

  static IllegalArgumentException error(String code, String at) {
    return new IllegalArgumentException("error parsing regexp: " + code + ": `" + at + "`");
  }

  private void run() {
    int n = re.length();
    while (pos < n) {
      char c = re.charAt(pos);
      switch (c) {
        case '\\' -> {
          escape(false);
          atom();
        }
        case '[' -> {
          charClass();
          atom();
        }
        case '(' -> openGroup();
        case ')' -> {
          if (flagStack.isEmpty()) {
            throw error("unexpected )", re);
          }
          int[] f = flagStack.pop();
          ungreedy = f[0] != 0;
          multiline = f[1] != 0;
          out.append(')');
          pos++;
          atom();
          boolean closedComplex = complexGroup;
          complexGroup = f[2] != 0 || closedComplex;
          lastAtomComplex = closedComplex;
        }
        case '*', '+', '?' -> repeat(String.valueOf(c), pos + 1);
        case '{' -> {
          int end = repeatEnd(pos);
          if (end < 0) {
            out.append("\\{");
            pos++;
            atom();
          } else {
            repeat(re.substring(pos, end), end);
          }
        }
        case '|' -> {
          complexGroup = true;
          out.append('|');
          pos++;
          haveAtom = false;
          lastWasRepeat = false;
        }
        case '^' -> {
          out.append('^');
          pos++;
          atom();
        }
        case '$' -> {
          out.append(multiline ? "$" : "\\z");
          pos++;
          atom();
        }
        case '.' -> {
          out.append('.');
          pos++;
          atom();
        }
        case '}' -> {
          out.append("\\}");
          pos++;
          atom();
        }
        default -> {
          appendLiteral(re.codePointAt(pos));
          pos += Character.charCount(re.codePointAt(pos));
          atom();
        }
      }
    }
    if (!flagStack.isEmpty()) {
      throw error("missing closing )", re);
    }
  }

  private void atom() {
    haveAtom = true;
    lastWasRepeat = false;
    lastAtomComplex = false;
  }

  /** Emits a quantifier {@code op} that ends at {@code after}, with Go's checks and the ungreedy flag. */
  private void repeat(String op, int after) {
    int start = pos;
    if (lastWasRepeat) {
      throw error("invalid nested repetition operator", re.substring(lastRepeatStart, after));
    }
    if (!haveAtom) {
      throw error("missing argument to repetition operator", op);
    }
    boolean lazy = after < re.length() && re.charAt(after) == '?';
    int end = lazy ? after + 1 : after;
    if (end < re.length() && (re.charAt(end) == '+' || re.charAt(end) == '*'
        || (re.charAt(end) == '?') || (re.charAt(end) == '{' && repeatEnd(end) >= 0))) {
      int stop = re.charAt(end) == '{' ? repeatEnd(end) : end + 1;
      throw error("invalid nested repetition operator", re.substring(start, stop));
    }
    if (!op.equals("?")) {
      // Nested repetition, or many repetitions in sequence (.*a.*a.*a.*b), can backtrack for hours.
      backtrackingRisk |= lastAtomComplex || ++repetitions >= 4;
      complexGroup = true;
    }
    out.append(op);
    if (lazy != ungreedy) {
      out.append('?');
    }
    pos = end;
    lastRepeatStart = start;
    lastWasRepeat = true;
  }

  private int lastRepeatStart;

  /** End (exclusive) of a valid {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code p}, or -1. */
  private int repeatEnd(int p) {
    int n = re.length();
    int i = p + 1;
    int lo = 0;
    int digits = 0;
    while (i < n && Character.isDigit(re.charAt(i)) && re.charAt(i) < 128) {
      lo = Math.min(lo * 10 + (re.charAt(i) - '0'), 100_000);
      i++;
      digits++;
    }
    if (digits == 0 || i >= n) {
      return -1;
    }
    int hi = lo;
    if (re.charAt(i) == ',') {
      i++;
      int hd = 0;
      int h = 0;
      while (i < n && re.charAt(i) >= '0' && re.charAt(i) <= '9') {
        h = Math.min(h * 10 + (re.charAt(i) - '0'), 100_000);
        i++;
        hd++;
      }
      hi = hd == 0 ? -1 : h;
    }
    if (i >= n || re.charAt(i) != '}') {
      return -1;
    }
    if (lo > MAX_REPEAT || hi > MAX_REPEAT || (hi >= 0 && hi < lo)) {
      throw error("invalid repeat count", re.substring(p, i + 1));
    }
    return i + 1;
  }

  private void openGroup() {
    int n = re.length();
    if (pos + 1 < n && re.charAt(pos + 1) == '?') {
      if (re.startsWith("(?P<", pos) || (re.startsWith("(?<", pos) && !re.startsWith("(?<=", pos)
          && !re.startsWith("(?<!", pos))) {
        int nameStart = re.charAt(pos + 2) == 'P' ? pos + 4 : pos + 3;
        int end = re.indexOf('>', nameStart);
        if (end < 0) {
          throw error("invalid named capture", re.substring(pos));
        }
        String name = re.substring(nameStart, end);
        if (name.isEmpty() || !name.chars().allMatch(ch -> ch == '_' || (ch < 128 && Character.isLetterOrDigit(ch)))) {
          throw error("invalid named capture", re.substring(pos, end + 1));
        }
        // Go 1.19-1.21 accept a repeated name; expansion uses the first group of that name.
        names.putIfAbsent(name, ++groups);
        pushGroup("(");
        pos = end + 1;
        return;
      }
      if (re.startsWith("(?=", pos) || re.startsWith("(?!", pos) || re.startsWith("(?<", pos)
          || re.startsWith("(?>", pos) || re.startsWith("(?#", pos)) {
        throw error("invalid or unsupported Perl syntax", re.substring(pos, pos + 3));
      }
      flags();
      return;
    }
    groups++;
    pushGroup("(");
    pos++;
  }

  private void pushGroup(String open) {
    flagStack.push(new int[] {ungreedy ? 1 : 0, multiline ? 1 : 0, complexGroup ? 1 : 0});
    complexGroup = false;
    out.append(open);
    haveAtom = false;
    lastWasRepeat = false;
  }

  /** {@code (?flags)} or {@code (?flags:re)} with flags from {@code imsU} and one optional {@code -}. */
  private void flags() {
    int n = re.length();
    int i = pos + 2;
    boolean neg = false;
    boolean sawFlag = false;
    StringBuilder java = new StringBuilder();
    boolean newUngreedy = ungreedy;
    boolean newMultiline = multiline;
    while (true) {
      if (i >= n) {
        throw error("missing closing )", re.substring(pos));
      }
      char c = re.charAt(i);
      switch (c) {
        case 'i' -> java.append("iu");
        case 's' -> java.append('s');
        case 'm' -> {
          java.append('m');
          newMultiline = !neg;
        }
        case 'U' -> newUngreedy = !neg;
        case '-' -> {
          if (neg) {
            throw error("invalid or unsupported Perl syntax", re.substring(pos, i + 1));
          }
          neg = true;
          java.append('-');
          sawFlag = false;
          i++;
          continue;
        }
        case ':', ')' -> {
          if (neg && !sawFlag) {
            throw error("invalid or unsupported Perl syntax", re.substring(pos, i + 1));
          }
          String f = java.toString();
          if (f.endsWith("-")) {
            f = f.substring(0, f.length() - 1);
          }
          if (c == ':') {
            pushGroup(f.isEmpty() ? "(?:" : "(?" + f + ":");
            ungreedy = newUngreedy;
            multiline = newMultiline;
          } else {
            if (!f.isEmpty()) {
              out.append("(?").append(f).append(')');
            }
            ungreedy = newUngreedy;
            multiline = newMultiline;
          }
          pos = i + 1;
          return;
        }
        default -> throw error("invalid or unsupported Perl syntax", re.substring(pos, i + 1));
      }
      sawFlag = true;
      i++;
    }
  }

  /** Translates the escape at {@code pos} (a backslash), inside a class or not. */
  private void escape(boolean inClass) {
    int n = re.length();
    if (pos + 1 >= n) {
      throw error("trailing backslash at end of expression", "");
    }
    char c = re.charAt(pos + 1);
    int start = pos;
    pos += 2;
    switch (c) {
      case '1', '2', '3', '4', '5', '6', '7' -> {
        if (pos >= n || re.charAt(pos) < '0' || re.charAt(pos) > '7') {
          throw error("invalid escape sequence", re.substring(start, pos));
        }
        octal(c);
      }
      case '0' -> octal(c);
      case 'x' -> hex(start);
      case 'a' -> out.append("\\x07");
      case 'f', 't', 'n', 'r' -> out.append('\\').append(c);
      case 'v' -> out.append("\\x0B");
      case 'd', 'D', 'w', 'W' -> out.append('\\').append(c);
      case 's' -> out.append(inClass ? SPACE : "[" + SPACE + "]");
      case 'S' -> out.append("[^" + SPACE + "]");
      case 'b', 'B', 'A', 'z' -> {
        if (inClass) {
          throw error("invalid escape sequence", re.substring(start, pos));
        }
        // Go's word boundary is ASCII; Java's \b looks at Unicode letters.
        out.append(c == 'b' ? ASCII_WORD_BOUNDARY : c == 'B' ? ASCII_NOT_WORD_BOUNDARY : "\\" + c);
      }
      case 'p', 'P' -> unicodeClass(start, c == 'P', inClass);
      case 'Q' -> {
        if (inClass) {
          throw error("invalid escape sequence", re.substring(start, pos));
        }
        int end = re.indexOf("\\E", pos);
        int stop = end < 0 ? n : end;
        boolean first = true;
        for (int i = pos; i < stop; ) {
          int cp = re.codePointAt(i);
          if (!first) {
            atom();
          }
          appendLiteral(cp);
          first = false;
          i += Character.charCount(cp);
        }
        pos = end < 0 ? n : end + 2;
      }
      default -> {
        if (c < 128 && !Character.isLetterOrDigit(c)) {
          out.append('\\').append(c);
        } else {
          throw error("invalid escape sequence", re.substring(start, start + 1 + Character.charCount(re.codePointAt(start + 1))));
        }
      }
    }
  }

  private void octal(char first) {
    int v = first - '0';
    for (int k = 1; k < 3 && pos < re.length() && re.charAt(pos) >= '0' && re.charAt(pos) <= '7'; k++) {
      v = v * 8 + (re.charAt(pos) - '0');
      pos++;
    }
    out.append("\\x{").append(Integer.toHexString(v)).append('}');
  }

  private void hex(int start) {
    int n = re.length();
    int v;
    if (pos < n && re.charAt(pos) == '{') {
      int end = re.indexOf('}', pos);
      String h = end < 0 ? "" : re.substring(pos + 1, end);
      if (h.isEmpty() || h.length() > 8 || !h.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 && ch < 128)) {
        throw error("invalid escape sequence", re.substring(start, end < 0 ? n : end + 1));
      }
      v = Integer.parseInt(h, 16);
      if (v > Character.MAX_CODE_POINT) {
        throw error("invalid escape sequence", re.substring(start, end));
      }
      pos = end + 1;
    } else {
      if (pos + 2 > n || Character.digit(re.charAt(pos), 16) < 0 || Character.digit(re.charAt(pos + 1), 16) < 0) {
        throw error("invalid escape sequence", re.substring(start, Math.min(n, pos + 2)));
      }
      v = Integer.parseInt(re.substring(pos, pos + 2), 16);
      pos += 2;
    }
    out.append("\\x{").append(Integer.toHexString(v)).append('}');
  }

  private void unicodeClass(int start, boolean negated, boolean inClass) {
    int n = re.length();
    if (pos >= n) {
      throw error("invalid character class range", re.substring(start));
    }
    String name;
    if (re.charAt(pos) == '{') {
      int end = re.indexOf('}', pos);
      if (end < 0) {
        throw error("invalid character class range", re.substring(start));
      }
      name = re.substring(pos + 1, end);
      pos = end + 1;
    } else {
      name = re.substring(pos, pos + 1);
      pos++;
    }
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.substring(1);
    }
    String property;
    if (name.equals("Any")) {
      String range = "\\x{0}-\\x{10FFFF}";
      out.append(negated ? "[^" + range + "]" : inClass ? range : "[" + range + "]");
      return;
    } else if (name.length() <= 2) {
      property = name; // general category, e.g. L, Lu, Nd
    } else {
      property = "Is" + name; // script, e.g. Greek
    }
    String cls = (negated ? "\\P{" : "\\p{") + property + "}";
    try {
      java.util.regex.Pattern.compile(cls);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw error("invalid character class range", re.substring(start, pos));
    }
    out.append(cls);
  }

  /** A bracket expression, from {@code [} to its closing {@code ]}. */
  private void charClass() {
    int n = re.length();
    int start = pos;
    pos++;
    out.append('[');
    if (pos < n && re.charAt(pos) == '^') {
      out.append('^');
      pos++;
    }
    boolean first = true;
    while (true) {
      if (pos >= n) {
        throw error("missing closing ]", re.substring(start));
      }
      char c = re.charAt(pos);
      if (c == ']' && !first) {
        out.append(']');
        pos++;
        return;
      }
      first = false;
      if (c == '[' && re.startsWith("[:", pos)) {
        int end = re.indexOf(":]", pos + 2);
        if (end > 0) {
          String name = re.substring(pos + 2, end);
          boolean neg = name.startsWith("^");
          String cls = POSIX.get(neg ? name.substring(1) : name);
          if (cls == null) {
            throw error("invalid character class range", re.substring(pos, end + 2));
          }
          out.append(neg ? "[^" + cls + "]" : cls);
          pos = end + 2;
          continue;
        }
      }
      switch (c) {
        case '\\' -> escape(true);
        case '[', '&', ']', '^' -> {
          out.append('\\').append(c);
          pos++;
        }
        default -> {
          int cp = re.codePointAt(pos);
          int next = pos + Character.charCount(cp);
          // A range cannot end in a class such as \d: Go names the escape.
          if (next + 2 < n && re.charAt(next) == '-' && re.charAt(next + 1) == '\\'
              && "dDsSwW".indexOf(re.charAt(next + 2)) >= 0) {
            throw error("invalid escape sequence", re.substring(next + 1, next + 3));
          }
          // A literal range lo-hi: Go refuses hi < lo with the range as written.
          if (next + 1 < n && re.charAt(next) == '-' && re.charAt(next + 1) != ']'
              && re.charAt(next + 1) != '\\' && re.charAt(next + 1) != '[') {
            int hi = re.codePointAt(next + 1);
            int after = next + 1 + Character.charCount(hi);
            if (hi < cp) {
              throw error("invalid character class range", re.substring(pos, after));
            }
            out.appendCodePoint(cp).append('-');
            appendClassChar(hi);
            pos = after;
            continue;
          }
          appendClassChar(cp);
          pos = next;
        }
      }
    }
  }

  /** A literal inside a class, escaped when Java would read it as syntax ({@code [ ] & ^ \}). */
  private void appendClassChar(int cp) {
    if (cp == '[' || cp == ']' || cp == '&' || cp == '^' || cp == '\\') {
      out.append('\\');
    }
    out.appendCodePoint(cp);
  }

  private void appendLiteral(int cp) {
    if (cp < 128 && "\\.+*?()|[]{}^$".indexOf(cp) >= 0) {
      out.append('\\');
    }
    out.appendCodePoint(cp);
  }
}
