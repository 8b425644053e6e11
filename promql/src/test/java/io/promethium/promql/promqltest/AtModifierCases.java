package io.promethium.promql.promqltest;

import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.AtModifier;
import io.promethium.promql.ast.BinaryExpr;
import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.ParenExpr;
import io.promethium.promql.ast.SubqueryExpr;
import io.promethium.promql.ast.UnaryExpr;
import io.promethium.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Prometheus's {@code atModifierTestCases}: the same eval again with {@code @ <eval time>} on every selector
 * and outermost subquery, evaluated at other times, must give the same answer. Not generated for
 * expressions using time-dependent functions. Stateless.
 */
final class AtModifierCases {
  private static final Set<String> UNSAFE = Set.of("days_in_month", "day_of_month", "day_of_week",
      "day_of_year", "hour", "minute", "month", "year", "predict_linear", "time", "timestamp");

  record Case(Expr expr, long evalTime) {}

  private AtModifierCases() {}

  static List<Case> of(Expr e, long ts) {
    if (usesUnsafe(e)) {
      return List.of();
    }
    Expr pinned = pin(e, AtModifier.at(ts));
    long[] times = ts == 0 ? new long[] {0, -1000, 1000} : new long[] {-10 * ts, 0, ts / 5, ts, 10 * ts};
    List<Case> out = new ArrayList<>();
    for (long t : times) {
      out.add(new Case(pinned, t));
    }
    return out;
  }

  private static boolean usesUnsafe(Expr e) {
    if (e instanceof Call c) {
      if (UNSAFE.contains(c.function().name())) {
        return true;
      }
      for (Expr a : c.args()) {
        if (usesUnsafe(a)) {
          return true;
        }
      }
      return false;
    }
    if (e instanceof AggregateExpr a) {
      return usesUnsafe(a.expr()) || (a.param() != null && usesUnsafe(a.param()));
    }
    if (e instanceof BinaryExpr b) {
      return usesUnsafe(b.lhs()) || usesUnsafe(b.rhs());
    }
    if (e instanceof UnaryExpr u) {
      return usesUnsafe(u.expr());
    }
    if (e instanceof ParenExpr p) {
      return usesUnsafe(p.expr());
    }
    if (e instanceof SubqueryExpr s) {
      return usesUnsafe(s.expr());
    }
    return false;
  }

  private static Expr pin(Expr e, AtModifier at) {
    if (e instanceof VectorSelector vs) {
      return vs.at() != null ? vs : new VectorSelector(vs.name(), vs.matchers(), vs.offsetMillis(), at);
    }
    if (e instanceof MatrixSelector ms) {
      return new MatrixSelector((VectorSelector) pin(ms.selector(), at), ms.rangeMillis());
    }
    if (e instanceof SubqueryExpr s) {
      // Selectors inside a pinned subquery keep their own times.
      return s.at() != null ? s : new SubqueryExpr(s.expr(), s.rangeMillis(), s.stepMillis(), s.offsetMillis(), at);
    }
    if (e instanceof Call c) {
      List<Expr> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(pin(a, at));
      }
      return new Call(c.function(), args);
    }
    if (e instanceof AggregateExpr a) {
      return new AggregateExpr(a.op(), pin(a.expr(), at), a.param() == null ? null : pin(a.param(), at),
          a.grouping(), a.without());
    }
    if (e instanceof BinaryExpr b) {
      return new BinaryExpr(b.op(), pin(b.lhs(), at), pin(b.rhs(), at), b.matching(), b.returnBool());
    }
    if (e instanceof UnaryExpr u) {
      return new UnaryExpr(u.op(), pin(u.expr(), at));
    }
    if (e instanceof ParenExpr p) {
      return new ParenExpr(pin(p.expr(), at));
    }
    return e;
  }
}
