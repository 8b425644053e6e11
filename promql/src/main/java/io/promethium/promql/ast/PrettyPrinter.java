package io.promethium.promql.ast;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Prometheus's PromQL prettifier ({@code promql/parser/prettier.go}), used by {@code /api/v1/format_query}.
 * A node whose one-line form is longer than {@value #MAX_CHARACTERS_PER_LINE} bytes is split: its children
 * go on their own lines, indented two spaces per nesting level; shorter nodes print on one line. Quirks kept
 * for identical output: a subquery short enough for one line is not indented, and a unary operator is glued
 * to its operand's first line. Stateless and thread-safe.
 */
final class PrettyPrinter {
  /** Prometheus's {@code maxCharactersPerLine}. */
  static final int MAX_CHARACTERS_PER_LINE = 100;
  private static final String INDENT = "  ";

  private PrettyPrinter() {}

  static String pretty(Expr e) {
    try {
      return pretty(e, 0);
    } catch (StackOverflowError tooDeep) {
      // Splitting recurses per level; for absurdly deep trees the one-line form is still valid PromQL.
      return ExprPrinter.print(e);
    }
  }

  private static String pretty(Expr e, int level) {
    String indent = INDENT.repeat(level);
    if (e instanceof AggregateExpr a) {
      if (!needsSplit(a)) {
        return indent + ExprPrinter.print(a);
      }
      StringBuilder sb = new StringBuilder(indent);
      ExprPrinter.writeAggregateOp(sb, a);
      sb.append("(\n");
      if (a.op().hasParam() && a.param() != null) {
        sb.append(pretty(a.param(), level + 1)).append(",\n");
      }
      return sb.append(pretty(a.expr(), level + 1)).append('\n').append(indent).append(')').toString();
    } else if (e instanceof BinaryExpr b) {
      if (!needsSplit(b)) {
        return indent + ExprPrinter.print(b);
      }
      StringBuilder sb = new StringBuilder(pretty(b.lhs(), level + 1)).append('\n').append(indent);
      ExprPrinter.writeOperator(sb, b);
      return sb.append('\n').append(pretty(b.rhs(), level + 1)).toString();
    } else if (e instanceof Call c) {
      if (!needsSplit(c)) {
        return indent + ExprPrinter.print(c);
      }
      return indent + c.function().name() + "(\n" + prettyArgs(c.args(), level + 1) + "\n" + indent + ")";
    } else if (e instanceof ParenExpr p) {
      if (!needsSplit(p)) {
        return indent + ExprPrinter.print(p);
      }
      return indent + "(\n" + pretty(p.expr(), level + 1) + "\n" + indent + ")";
    } else if (e instanceof SubqueryExpr s) {
      if (!needsSplit(s)) {
        return ExprPrinter.print(s);
      }
      StringBuilder sb = new StringBuilder(pretty(s.expr(), level));
      ExprPrinter.writeSubquerySuffix(sb, s);
      return sb.toString();
    } else if (e instanceof UnaryExpr u) {
      return indent + u.op().text() + pretty(u.expr(), level).strip();
    }
    // Selectors and literals: always one line.
    return indent + ExprPrinter.print(e);
  }

  private static String prettyArgs(List<Expr> args, int level) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(",\n");
      }
      sb.append(pretty(args.get(i), level));
    }
    return sb.toString();
  }

  private static boolean needsSplit(Expr e) {
    return ExprPrinter.print(e).getBytes(StandardCharsets.UTF_8).length > MAX_CHARACTERS_PER_LINE;
  }
}
