package io.promethium.promql.engine;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Re2Regex;
import io.promethium.core.labels.RegexBudgetExceededException;
import java.util.List;

/**
 * {@code label_replace} and {@code label_join}: validation with Prometheus's messages. The regex is core's
 * {@link Re2Regex} (RE2 syntax, anchored, {@code .} not matching newline) and the replacement follows Go's
 * {@code regexp.Expand} ({@code $1}, {@code ${1}}, {@code $name}; {@code $1x} names group "1x"), as in
 * relabeling. Confined to one call evaluation.
 */
final class LabelFunctions {
  private LabelFunctions() {}

  /** A compiled label_replace. */
  static final class Replace {
    private final String dst;
    private final String replacement;
    private final String src;
    private final Re2Regex regex;

    Replace(String dst, String replacement, String src, String regex) {
      Re2Regex re;
      try {
        re = Re2Regex.compile(regex);
      } catch (IllegalArgumentException e) {
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
      this.regex = re;
    }

    Labels apply(Labels in) {
      String res;
      try {
        res = regex.matchAndExpand(in.get(src), replacement);
      } catch (RegexBudgetExceededException e) {
        throw new QueryException(QueryException.Kind.EXECUTION, "label_replace(): " + e.getMessage());
      }
      if (res == null) {
        return in;
      }
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
}
