package io.promethium.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promethium.core.labels.Matcher;
import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.BinaryExpr;
import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.ParenExpr;
import io.promethium.promql.ast.SubqueryExpr;
import io.promethium.promql.ast.UnaryExpr;
import io.promethium.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks parse(print(e)) == e, up to the order of selector matchers (the printer sorts them), and that the
 * multi-line pretty form parses to the same tree.
 */
final class RoundTrip {
  private RoundTrip() {}

  static void assertRoundTrips(Expr e) {
    String printed = e.toString();
    Expr reparsed;
    try {
      reparsed = PromQLParser.parseExpr(printed);
    } catch (ParseException ex) {
      throw new AssertionError("printed form does not parse: " + printed + ": " + ex.getMessage(), ex);
    }
    assertEquals(TreeDump.dump(sortMatchers(e)), TreeDump.dump(sortMatchers(reparsed)), "printed: " + printed);
    assertEquals(printed, reparsed.toString(), "printing is not stable");
    String pretty = io.promethium.promql.ast.ExprPrinter.pretty(e);
    assertEquals(printed, PromQLParser.parseExpr(pretty).toString(), "pretty form: " + pretty);
  }

  static Expr sortMatchers(Expr e) {
    if (e instanceof VectorSelector vs) {
      List<Matcher> ms = new ArrayList<>(vs.matchers());
      ms.sort(Comparator.comparing(Matcher::toString));
      return new VectorSelector(vs.name(), ms, vs.offsetMillis(), vs.at());
    } else if (e instanceof MatrixSelector m) {
      return new MatrixSelector((VectorSelector) sortMatchers(m.selector()), m.rangeMillis());
    } else if (e instanceof SubqueryExpr s) {
      return new SubqueryExpr(sortMatchers(s.expr()), s.rangeMillis(), s.stepMillis(), s.offsetMillis(), s.at());
    } else if (e instanceof ParenExpr p) {
      return new ParenExpr(sortMatchers(p.expr()));
    } else if (e instanceof UnaryExpr u) {
      return new UnaryExpr(u.op(), sortMatchers(u.expr()));
    } else if (e instanceof BinaryExpr b) {
      return new BinaryExpr(b.op(), sortMatchers(b.lhs()), sortMatchers(b.rhs()), b.matching(), b.returnBool());
    } else if (e instanceof AggregateExpr a) {
      return new AggregateExpr(a.op(), sortMatchers(a.expr()), a.param() == null ? null : sortMatchers(a.param()),
          a.grouping(), a.without());
    } else if (e instanceof Call c) {
      return new Call(c.function(), c.args().stream().map(RoundTrip::sortMatchers).toList());
    }
    return e;
  }
}
