package io.promethium.promql.parser;

import io.promethium.core.labels.Matcher;
import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.AtModifier;
import io.promethium.promql.ast.BinaryExpr;
import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.NumberLiteral;
import io.promethium.promql.ast.ParenExpr;
import io.promethium.promql.ast.StringLiteral;
import io.promethium.promql.ast.SubqueryExpr;
import io.promethium.promql.ast.UnaryExpr;
import io.promethium.promql.ast.VectorMatching;
import io.promethium.promql.ast.VectorSelector;
import java.util.List;

/**
 * A compact, unambiguous S-expression of a tree for table tests: every component of every record shows, in
 * order, so two trees dump equal exactly when they are equal. Examples: {@code (num 1.0)},
 * {@code (vs foo [a="b" __name__="foo"] off=300000 at=@1000)}, {@code (+ card=1:1 on() (vs ...) (vs ...))}.
 */
final class TreeDump {
  private TreeDump() {}

  static String dump(Expr e) {
    StringBuilder sb = new StringBuilder();
    write(sb, e);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Expr e) {
    if (e instanceof NumberLiteral n) {
      sb.append("(num ").append(n.value()).append(')');
    } else if (e instanceof StringLiteral s) {
      sb.append("(str ").append(GoQuote.quote(s.value())).append(')');
    } else if (e instanceof VectorSelector vs) {
      writeSelector(sb, vs);
    } else if (e instanceof MatrixSelector m) {
      sb.append("(matrix ").append(m.rangeMillis()).append(' ');
      writeSelector(sb, m.selector());
      sb.append(')');
    } else if (e instanceof SubqueryExpr s) {
      sb.append("(subquery ").append(s.rangeMillis()).append(':').append(s.stepMillis());
      writeModifiers(sb, s.offsetMillis(), s.at());
      sb.append(' ');
      write(sb, s.expr());
      sb.append(')');
    } else if (e instanceof ParenExpr p) {
      sb.append("(paren ");
      write(sb, p.expr());
      sb.append(')');
    } else if (e instanceof UnaryExpr u) {
      sb.append("(unary").append(u.op().text()).append(' ');
      write(sb, u.expr());
      sb.append(')');
    } else if (e instanceof Call c) {
      sb.append("(call ").append(c.function().name());
      for (Expr a : c.args()) {
        sb.append(' ');
        write(sb, a);
      }
      sb.append(')');
    } else if (e instanceof AggregateExpr a) {
      sb.append('(').append(a.op().text());
      if (a.without()) {
        sb.append(" without").append(labels(a.grouping()));
      } else if (!a.grouping().isEmpty()) {
        sb.append(" by").append(labels(a.grouping()));
      }
      if (a.param() != null) {
        sb.append(" param=");
        write(sb, a.param());
      }
      sb.append(' ');
      write(sb, a.expr());
      sb.append(')');
    } else if (e instanceof BinaryExpr b) {
      sb.append('(').append(b.op().text());
      if (b.returnBool()) {
        sb.append(" bool");
      }
      VectorMatching vm = b.matching();
      if (vm != null) {
        sb.append(" card=").append(switch (vm.card()) {
          case ONE_TO_ONE -> "1:1";
          case MANY_TO_ONE -> "n:1";
          case ONE_TO_MANY -> "1:n";
          case MANY_TO_MANY -> "n:n";
        });
        sb.append(vm.on() ? " on" : " ignoring").append(labels(vm.matchingLabels()));
        if (!vm.include().isEmpty()) {
          sb.append(" include").append(labels(vm.include()));
        }
      }
      sb.append(' ');
      write(sb, b.lhs());
      sb.append(' ');
      write(sb, b.rhs());
      sb.append(')');
    } else {
      throw new IllegalArgumentException(e.getClass().getName());
    }
  }

  private static void writeSelector(StringBuilder sb, VectorSelector vs) {
    sb.append("(vs ").append(vs.name().isEmpty() ? "-" : vs.name()).append(" [");
    for (int i = 0; i < vs.matchers().size(); i++) {
      Matcher m = vs.matchers().get(i);
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(m.name()).append(m.type().symbol()).append(GoQuote.quote(m.value()));
    }
    sb.append(']');
    writeModifiers(sb, vs.offsetMillis(), vs.at());
    sb.append(')');
  }

  private static void writeModifiers(StringBuilder sb, long offset, AtModifier at) {
    if (offset != 0) {
      sb.append(" off=").append(offset);
    }
    if (at != null) {
      sb.append(" at=").append(switch (at.kind()) {
        case START -> "start";
        case END -> "end";
        case TIMESTAMP -> "@" + at.timestampMillis();
      });
    }
  }

  private static String labels(List<String> ls) {
    return "(" + String.join(",", ls) + ")";
  }
}
