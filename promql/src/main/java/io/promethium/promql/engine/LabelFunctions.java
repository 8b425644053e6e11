package io.promethium.promql.engine;

import io.promethium.core.labels.Labels;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code label_replace} and {@code label_join}: validation with Prometheus's messages, and Go's
 * {@code regexp.Expand} template rules ({@code $1}, {@code ${1}}, {@code $name}; {@code $1x} names group
 * "1x"). Instances cache results per input label set; confined to one call evaluation.
 */
final class LabelFunctions {
  private LabelFunctions() {}

  /** A compiled label_replace. */
  static final class Replace {
    private final String dst;
    private final String replacement;
    private final String src;
    private final Pattern pattern;

    Replace(String dst, String replacement, String src, String regex) {
      Pattern p;
      try {
        p = Pattern.compile("^(?:" + toJavaRegex(regex) + ")$", Pattern.DOTALL);
      } catch (PatternSyntaxException e) {
        throw new QueryException(QueryException.Kind.EXECUTION,
            "invalid regular expression in label_replace(): " + regex);
      }
      if (!AggregationEvaluator.validLabelName(dst)) {
        throw new QueryException(QueryException.Kind.EXECUTION,
            "invalid destination label name in label_replace(): " + dst);
      }
      this.dst = dst;
      this.replacement = replacement;
      this.src = src;
      this.pattern = p;
    }

    Labels apply(Labels in) {
      String srcVal = in.get(src);
      Matcher m = pattern.matcher(srcVal);
      if (!m.find()) {
        return in;
      }
      String res = expand(replacement, m);
      Labels.Builder b = in.toBuilder().delete(dst);
      if (!res.isEmpty()) {
        b.set(dst, res);
      }
      return b.build();
    }
  }

  /** A validated label_join. */
  static final class Join {
    private final String dst;
    private final String sep;
    private final List<String> srcs;

    Join(String dst, String sep, List<String> srcs) {
      for (String s : srcs) {
        if (!AggregationEvaluator.validLabelName(s)) {
          throw new QueryException(QueryException.Kind.EXECUTION,
              "invalid source label name in label_join(): " + s);
        }
      }
      if (!AggregationEvaluator.validLabelName(dst)) {
        throw new QueryException(QueryException.Kind.EXECUTION,
            "invalid destination label name in label_join(): " + dst);
      }
      this.dst = dst;
      this.sep = sep;
      this.srcs = srcs;
    }

    Labels apply(Labels in) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < srcs.size(); i++) {
        if (i > 0) {
          sb.append(sep);
        }
        sb.append(in.get(srcs.get(i)));
      }
      String v = sb.toString();
      return v.isEmpty() ? in.toBuilder().delete(dst).build() : in.toBuilder().set(dst, v).build();
    }
  }

  /** RE2's {@code (?P<name>} named groups are spelled {@code (?<name>} in Java. */
  static String toJavaRegex(String re2) {
    return re2.replace("(?P<", "(?<");
  }

  /** Go's {@code Regexp.ExpandString}. */
  static String expand(String template, Matcher m) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = template.length();
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
      String name;
      if (i < n && template.charAt(i) == '{') {
        int close = template.indexOf('}', i + 1);
        if (close < 0 || close == i + 1 || !isName(template, i + 1, close)) {
          out.append('$');
          continue;
        }
        name = template.substring(i + 1, close);
        i = close + 1;
      } else {
        int j = i;
        while (j < n && isNameChar(template.charAt(j))) {
          j++;
        }
        if (j == i) {
          out.append('$');
          continue;
        }
        name = template.substring(i, j);
        i = j;
      }
      out.append(group(m, name));
    }
    return out.toString();
  }

  private static boolean isName(String s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (!isNameChar(s.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private static String group(Matcher m, String name) {
    boolean numeric = true;
    for (int k = 0; k < name.length(); k++) {
      if (name.charAt(k) < '0' || name.charAt(k) > '9') {
        numeric = false;
        break;
      }
    }
    String g = null;
    try {
      if (numeric) {
        int idx = name.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(name);
        if (idx <= m.groupCount()) {
          g = m.group(idx);
        }
      } else {
        g = m.group(name);
      }
    } catch (IllegalArgumentException e) {
      g = null; // no such named group: Go expands it to nothing
    }
    return g == null ? "" : g;
  }
}
