package io.promethium.promql.ast;

import io.promethium.core.exposition.GoFloatFormat;
import io.promethium.core.labels.Matcher;
import io.promethium.promql.parser.DurationFormat;
import io.promethium.promql.parser.GoQuote;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints an expression tree back to PromQL in the form of Prometheus's {@code String()} methods
 * ({@code promql/parser/printer.go}): {@code sum by (job) (rate(x[5m]))}, {@code a + on (b) group_left (c) d},
 * {@code foo{a="b"} @ 10.000 offset 5m}. Selector matchers print sorted, and the output parses back to an
 * equal tree up to that order. Two deliberate differences, both so that printing round-trips: positive
 * infinity as the left operand of {@code ^} prints as {@code Inf}, not {@code +Inf} (which would parse
 * back as a unary plus); and {@code group_left}/{@code group_right} always print, with their
 * {@code on}/{@code ignoring}, even when both label lists are empty (2.48 dropped them, as later versions
 * fixed). Stateless and thread-safe.
 */
public final class ExprPrinter {
  private ExprPrinter() {}

  /** The one-line form, as Prometheus's {@code Expr.String()}. */
  public static String print(Expr e) {
    StringBuilder sb = new StringBuilder();
    write(sb, e);
    return sb.toString();
  }

  /**
   * The multi-line form of {@code /api/v1/format_query}, as Prometheus's {@code Prettify}: nodes whose
   * one-line form exceeds 100 bytes are split over lines, indented two spaces per level.
   */
  public static String pretty(Expr e) {
    return PrettyPrinter.pretty(e);
  }

  private static void write(StringBuilder sb, Expr e) {
    if (e instanceof AggregateExpr a) {
      writeAggregate(sb, a);
    } else if (e instanceof BinaryExpr b) {
      writeBinaryChain(sb, b);
    } else if (e instanceof Call c) {
      sb.append(c.function().name()).append('(');
      writeJoined(sb, c.args());
      sb.append(')');
    } else if (e instanceof MatrixSelector m) {
      VectorSelector vs = m.selector();
      writeSelectorBody(sb, vs);
      sb.append('[').append(DurationFormat.format(m.rangeMillis())).append(']');
      writeAt(sb, vs.at());
      writeOffset(sb, vs.offsetMillis());
    } else if (e instanceof SubqueryExpr s) {
      write(sb, s.expr());
      writeSubquerySuffix(sb, s);
    } else if (e instanceof NumberLiteral n) {
      sb.append(GoFloatFormat.g(n.value()));
    } else if (e instanceof ParenExpr p) {
      sb.append('(');
      write(sb, p.expr());
      sb.append(')');
    } else if (e instanceof StringLiteral s) {
      sb.append(GoQuote.quote(s.value()));
    } else if (e instanceof UnaryExpr u) {
      sb.append(u.op().text());
      write(sb, u.expr());
    } else if (e instanceof VectorSelector vs) {
      writeSelectorBody(sb, vs);
      writeAt(sb, vs.at());
      writeOffset(sb, vs.offsetMillis());
    } else {
      throw new IllegalArgumentException("unknown expression node " + e.getClass().getName());
    }
  }

  /**
   * Prints a binary expression and its chain of left operands without recursion, so that long chains such
   * as {@code a + b + c + ...} (thousands of terms, which the parser accepts) do not exhaust the stack.
   */
  private static void writeBinaryChain(StringBuilder sb, BinaryExpr outer) {
    java.util.ArrayDeque<BinaryExpr> chain = new java.util.ArrayDeque<>();
    Expr e = outer;
    while (e instanceof BinaryExpr b) {
      chain.push(b);
      e = b.lhs();
    }
    if (chain.peek().op() == BinaryOp.POW && e instanceof NumberLiteral n && n.value() == Double.POSITIVE_INFINITY) {
      // Prometheus prints "+Inf", but "+Inf ^ x" parses as +(Inf ^ x): a unary plus over the power.
      sb.append("Inf");
    } else {
      write(sb, e);
    }
    while (!chain.isEmpty()) {
      BinaryExpr b = chain.pop();
      sb.append(' ');
      writeOperator(sb, b);
      sb.append(' ');
      write(sb, b.rhs());
    }
  }

  /** {@code [range:step] @ t offset d} of a subquery. */
  static void writeSubquerySuffix(StringBuilder sb, SubqueryExpr s) {
    sb.append('[').append(DurationFormat.format(s.rangeMillis())).append(':');
    if (s.stepMillis() != 0) {
      sb.append(DurationFormat.format(s.stepMillis()));
    }
    sb.append(']');
    writeAt(sb, s.at());
    writeOffset(sb, s.offsetMillis());
  }

  /** The operator with its {@code bool} and vector matching modifiers, e.g. {@code > bool on (a)}. */
  static void writeOperator(StringBuilder sb, BinaryExpr b) {
    sb.append(b.op().text());
    if (b.returnBool()) {
      sb.append(" bool");
    }
    writeMatching(sb, b.matching());
  }

  /** The operator and grouping of an aggregation, e.g. {@code sum by (job) } (with the trailing space). */
  static void writeAggregateOp(StringBuilder sb, AggregateExpr a) {
    sb.append(a.op().text());
    if (a.without()) {
      sb.append(" without (");
      writeLabels(sb, a.grouping());
      sb.append(") ");
    } else if (!a.grouping().isEmpty()) {
      sb.append(" by (");
      writeLabels(sb, a.grouping());
      sb.append(") ");
    }
  }

  private static void writeAggregate(StringBuilder sb, AggregateExpr a) {
    writeAggregateOp(sb, a);
    sb.append('(');
    if (a.op().hasParam() && a.param() != null) {
      write(sb, a.param());
      sb.append(", ");
    }
    write(sb, a.expr());
    sb.append(')');
  }

  private static void writeMatching(StringBuilder sb, VectorMatching vm) {
    if (vm == null) {
      return;
    }
    boolean grouped = vm.card() == VectorMatching.Cardinality.MANY_TO_ONE
        || vm.card() == VectorMatching.Cardinality.ONE_TO_MANY;
    if (!vm.matchingLabels().isEmpty() || vm.on() || grouped) {
      sb.append(vm.on() ? " on (" : " ignoring (");
      writeLabels(sb, vm.matchingLabels());
      sb.append(')');
    }
    if (grouped) {
      sb.append(vm.card() == VectorMatching.Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (");
      writeLabels(sb, vm.include());
      sb.append(')');
    }
  }

  private static void writeSelectorBody(StringBuilder sb, VectorSelector vs) {
    sb.append(vs.name());
    List<String> parts = new ArrayList<>(vs.matchers().size());
    for (Matcher m : vs.matchers()) {
      boolean isNameMatcher = m.name().equals("__name__")
          && m.type() == io.promethium.core.labels.MatchType.EQUAL
          && m.value().equals(vs.name())
          && !vs.name().isEmpty();
      if (!isNameMatcher) {
        parts.add(m.name() + m.type().symbol() + GoQuote.quote(m.value()));
      }
    }
    if (!parts.isEmpty()) {
      parts.sort(null);
      sb.append('{').append(String.join(",", parts)).append('}');
    }
  }

  private static void writeAt(StringBuilder sb, AtModifier at) {
    if (at == null) {
      return;
    }
    switch (at.kind()) {
      case START -> sb.append(" @ start()");
      case END -> sb.append(" @ end()");
      case TIMESTAMP ->
          sb.append(" @ ").append(BigDecimal.valueOf(at.timestampMillis()).movePointLeft(3).setScale(3)
              .toPlainString());
    }
  }

  private static void writeOffset(StringBuilder sb, long offsetMillis) {
    if (offsetMillis > 0) {
      sb.append(" offset ").append(DurationFormat.format(offsetMillis));
    } else if (offsetMillis < 0) {
      sb.append(" offset -").append(DurationFormat.format(-offsetMillis));
    }
  }

  private static void writeLabels(StringBuilder sb, List<String> labels) {
    sb.append(String.join(", ", labels));
  }

  private static void writeJoined(StringBuilder sb, List<Expr> exprs) {
    for (int i = 0; i < exprs.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      write(sb, exprs.get(i));
    }
  }
}
