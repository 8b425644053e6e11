package io.promethium.promql.promqltest;

import io.promethium.core.labels.Labels;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.engine.Engine;
import io.promethium.promql.engine.QueryException;
import io.promethium.promql.engine.QueryResult;
import io.promethium.promql.value.Matrix;
import io.promethium.promql.value.RangeSeries;
import io.promethium.promql.value.Sample;
import io.promethium.promql.value.Scalar;
import io.promethium.promql.value.Value;
import io.promethium.promql.value.Vector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@code eval} of a test script as Prometheus's test harness does: the instant query, compared
 * with the expectation ({@link #almostEqual}); then, unless ordered or failing, the same query as a range
 * query from t-1m to t+1m whose middle step must give the same answer. Throws {@link AssertionError} with
 * the reason on any mismatch. Stateless.
 */
final class EvalRunner {
  private static final double EPSILON = 0.000001;
  private static final double MIN_NORMAL = Double.longBitsToDouble(0x0010000000000000L);

  private EvalRunner() {}

  static void run(Engine engine, MemoryStorage storage, TestScript.Eval eval, String where) {
    Expr expr;
    try {
      expr = Engine.parse(eval.expr());
    } catch (QueryException e) {
      if (eval.fail()) {
        return;
      }
      throw new AssertionError(where + ": error parsing query " + eval.expr() + ": " + e.getMessage(), e);
    }
    runOne(engine, storage, eval, where, expr, eval.timeMillis());
    for (AtModifierCases.Case c : AtModifierCases.of(expr, eval.timeMillis())) {
      runOne(engine, storage, eval, where + " [@ variant at " + c.evalTime() + "ms]", c.expr(), c.evalTime());
    }
  }

  private static void runOne(Engine engine, MemoryStorage storage, TestScript.Eval eval, String where, Expr expr,
      long t) {
    QueryResult res;
    try {
      res = engine.instantQuery(storage, expr, t, null);
    } catch (QueryException e) {
      if (eval.fail()) {
        return;
      }
      throw new AssertionError(where + ": error evaluating query " + eval.expr() + ": " + e.getMessage(), e);
    }
    if (eval.fail()) {
      throw new AssertionError(where + ": expected error evaluating query " + eval.expr() + " but got none");
    }
    String err = compare(eval, res.value());
    if (err != null) {
      throw new AssertionError(where + ": " + eval.expr() + ": " + err);
    }
    if (eval.ordered() || res.value() instanceof Matrix) {
      return;
    }
    QueryResult range;
    try {
      range = engine.rangeQuery(storage, expr, t - 60_000, t + 60_000, 60_000, null);
    } catch (QueryException e) {
      throw new AssertionError(where + ": error evaluating range query " + eval.expr() + ": " + e.getMessage(), e);
    }
    List<Sample> mid = new ArrayList<>();
    for (RangeSeries s : ((Matrix) range.value()).series()) {
      for (int i = 0; i < s.size(); i++) {
        if (s.timestamp(i) == t) {
          mid.add(new Sample(s.labels(), t, s.value(i)));
          break;
        }
      }
    }
    Value asInstant = res.value() instanceof Scalar
        ? new Scalar(t, mid.isEmpty() ? Double.NaN : mid.get(0).value())
        : new Vector(mid);
    err = compare(eval, asInstant);
    if (err != null) {
      throw new AssertionError(where + ": range-query mode: " + eval.expr() + ": " + err);
    }
  }

  /** Null when {@code v} matches the expectation, else what differs (Prometheus's wording). */
  static String compare(TestScript.Eval eval, Value v) {
    List<TestScript.Expected> exp = eval.expected();
    if (v instanceof Scalar s) {
      if (exp.size() != 1 || exp.get(0).labels() != null) {
        return "expected vector result but got scalar " + s.value();
      }
      if (!almostEqual(exp.get(0).value(), s.value())) {
        return "expected Scalar " + exp.get(0).value() + " but got " + s.value();
      }
      return null;
    }
    if (!(v instanceof Vector vec)) {
      return "received range result on instant evaluation";
    }
    Map<Labels, Integer> pos = new HashMap<>();
    for (int i = 0; i < exp.size(); i++) {
      if (exp.get(i).labels() == null) {
        return "expected scalar " + exp.get(i).value() + " but got vector " + vec.samples();
      }
      pos.put(exp.get(i).labels(), i);
    }
    java.util.Set<Labels> seen = new java.util.HashSet<>();
    for (int i = 0; i < vec.samples().size(); i++) {
      Sample s = vec.samples().get(i);
      Integer p = pos.get(s.labels());
      if (p == null) {
        return "unexpected metric " + s.labels() + " in result (value " + s.value() + ")";
      }
      if (eval.ordered() && p != i) {
        return "expected metric " + s.labels() + " at position " + (p + 1) + " but was at " + (i + 1);
      }
      double e = exp.get(p).value();
      if (!almostEqual(e, s.value())) {
        return "expected " + e + " for " + s.labels() + " but got " + s.value();
      }
      seen.add(s.labels());
    }
    for (TestScript.Expected e : exp) {
      if (!seen.contains(e.labels())) {
        return "expected metric " + e.labels() + " with " + e.value() + " not found; got " + vec.samples();
      }
    }
    return null;
  }

  /** Prometheus's test comparison: NaN equals NaN, else relative error below 1e-6. */
  static boolean almostEqual(double a, double b) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    if (a == b) {
      return true;
    }
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || diff < MIN_NORMAL) {
      return diff < EPSILON * MIN_NORMAL;
    }
    return diff / (Math.abs(a) + Math.abs(b)) < EPSILON;
  }
}
