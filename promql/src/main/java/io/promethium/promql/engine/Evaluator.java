package io.promethium.promql.engine;

import io.promethium.core.labels.Labels;
import io.promethium.core.storage.Queryable;
import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.AtModifier;
import io.promethium.promql.ast.BinaryExpr;
import io.promethium.promql.ast.BinaryOp;
import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.NumberLiteral;
import io.promethium.promql.ast.ParenExpr;
import io.promethium.promql.ast.StringLiteral;
import io.promethium.promql.ast.SubqueryExpr;
import io.promethium.promql.ast.UnaryExpr;
import io.promethium.promql.ast.ValueType;
import io.promethium.promql.ast.VectorSelector;
import io.promethium.promql.engine.Operand.ScalarOperand;
import io.promethium.promql.engine.Operand.StringOperand;
import io.promethium.promql.engine.Operand.VectorOperand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluates one query's expression tree over a {@link StepGrid}, bottom-up, each node once for all steps
 * (subqueries evaluate their inner expression once over their own aligned grid). Holds the query's
 * limits, warnings and the {@code @ start()}/{@code end()} times. Confined to the query's thread.
 */
final class Evaluator {
  private final EngineOptions options;
  private final QueryGuard guard;
  private final List<String> warnings;
  private final long queryStart;
  private final long queryEnd;
  private final SelectorEvaluator selectors;
  private final BinaryEvaluator binary = new BinaryEvaluator(this);
  private final AggregationEvaluator aggregations = new AggregationEvaluator(this);
  private final CallEvaluator calls = new CallEvaluator(this);

  Evaluator(Queryable storage, EngineOptions options, QueryGuard guard, List<String> warnings,
      long queryStart, long queryEnd) {
    this.options = options;
    this.guard = guard;
    this.warnings = warnings;
    this.queryStart = queryStart;
    this.queryEnd = queryEnd;
    this.selectors = new SelectorEvaluator(storage, guard, warnings, options.lookbackDelta().toMillis());
  }

  QueryGuard guard() {
    return guard;
  }

  SelectorEvaluator selectors() {
    return selectors;
  }

  List<String> warnings() {
    return warnings;
  }

  Operand eval(Expr e, StepGrid g) {
    guard.check();
    if (e instanceof NumberLiteral n) {
      double[] v = new double[g.size()];
      Arrays.fill(v, n.value());
      return new ScalarOperand(v);
    }
    if (e instanceof StringLiteral s) {
      return new StringOperand(s.value());
    }
    if (e instanceof ParenExpr p) {
      return eval(p.expr(), g);
    }
    if (e instanceof VectorSelector vs) {
      return selectors.instant(vs, refs(g, vs.at(), vs.offsetMillis()), g.interval(), false);
    }
    if (e instanceof BinaryExpr b) {
      return hold(binary.eval(b, g));
    }
    if (e instanceof AggregateExpr a) {
      return hold(aggregations.eval(a, g));
    }
    if (e instanceof Call c) {
      return hold(calls.eval(c, g));
    }
    if (e instanceof UnaryExpr u) {
      return hold(unary(u, g));
    }
    throw new QueryException(QueryException.Kind.BAD_DATA,
        "unexpected expression of type " + e.type().documentedName() + " where an instant value is needed");
  }

  /**
   * Hands the series of an instant-vector expression to {@code sink} one at a time. Selectors and range
   * functions stream without holding all series; anything else is evaluated and then iterated.
   */
  void stream(Expr e, StepGrid g, SeriesSink sink) {
    guard.check();
    Expr u = e;
    while (u instanceof ParenExpr p) {
      u = p.expr();
    }
    if (u instanceof VectorSelector vs) {
      selectors.stream(vs, refs(g, vs.at(), vs.offsetMillis()), g.interval(), sink);
      return;
    }
    if (u instanceof Call c && calls.canStream(c)) {
      calls.stream(c, g, sink);
      return;
    }
    if (u instanceof BinaryExpr b && !b.op().isSetOperator()
        && (b.lhs().type() == ValueType.SCALAR) != (b.rhs().type() == ValueType.SCALAR)) {
      streamVectorScalar(b, g, sink);
      return;
    }
    Operand o = eval(e, g);
    if (!(o instanceof VectorOperand v)) {
      throw new QueryException(QueryException.Kind.BAD_DATA,
          "expected type instant vector, got " + e.type().documentedName());
    }
    try {
      for (StepSeries s : v.series()) {
        sink.accept(s.labels(), s.values());
      }
    } finally {
      release(o);
    }
  }

  /**
   * Thrown by a streaming producer that cannot prove its output label sets unique (a dropped metric name
   * made two series equal); the consumer then starts over with the materialised evaluation, which merges or
   * rejects them exactly as Prometheus does. Stackless: control flow only.
   */
  static final class StreamFallback extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StreamFallback() {
      super(null, null, false, false);
    }
  }

  /** {@code vector op scalar} (either order) streamed series by series into one reused column. */
  private void streamVectorScalar(BinaryExpr b, StepGrid g, SeriesSink sink) {
    boolean swap = b.lhs().type() == ValueType.SCALAR;
    Operand so = eval(swap ? b.lhs() : b.rhs(), g);
    if (!(so instanceof ScalarOperand sc)) {
      throw new QueryException(QueryException.Kind.BAD_DATA,
          "binary expression must contain only scalar and instant vector types");
    }
    double[] scalar = sc.values();
    BinaryOp op = b.op();
    boolean comparison = op.isComparison();
    boolean returnBool = b.returnBool();
    boolean drop = ArithmeticOps.dropsMetricName(op) || returnBool;
    int steps = g.size();
    double[] out = new double[steps];
    Set<Labels> seen = drop ? new HashSet<>() : null;
    stream(swap ? b.rhs() : b.lhs(), g, (labels, in) -> {
      boolean any = false;
      for (int i = 0; i < steps; i++) {
        double v = in[i];
        double r = StepSeries.ABSENT;
        if (!StepSeries.absent(v)) {
          double lf = swap ? scalar[i] : v;
          double rf = swap ? v : scalar[i];
          if (comparison) {
            boolean keep = ArithmeticOps.compare(op, lf, rf);
            if (returnBool) {
              r = keep ? 1 : 0;
            } else if (keep) {
              r = v;
            }
          } else {
            r = ArithmeticOps.apply(op, lf, rf);
          }
        }
        out[i] = r;
        any |= !StepSeries.absent(r);
      }
      if (!any) {
        return;
      }
      Labels l = labels;
      if (drop && l.has(Labels.METRIC_NAME)) {
        l = l.withoutMetricName();
        if (!seen.add(l)) {
          throw new StreamFallback();
        }
      }
      sink.accept(l, out);
    });
  }

  private Operand unary(UnaryExpr u, StepGrid g) {
    Operand in = eval(u.expr(), g);
    if (u.op() != BinaryOp.SUB) {
      return copy(in);
    }
    release(in);
    if (in instanceof ScalarOperand s) {
      double[] v = s.values().clone();
      for (int i = 0; i < v.length; i++) {
        v[i] = -v[i];
      }
      return new ScalarOperand(v);
    }
    if (in instanceof VectorOperand vec) {
      List<StepSeries> out = new ArrayList<>(vec.series().size());
      Set<Labels> seen = new HashSet<>();
      for (StepSeries s : vec.series()) {
        double[] v = s.values().clone();
        for (int i = 0; i < v.length; i++) {
          if (!StepSeries.absent(v[i])) {
            v[i] = -v[i];
          }
        }
        Labels l = s.labels().withoutMetricName();
        if (!seen.add(l)) {
          throw new QueryException(QueryException.Kind.EXECUTION, SeriesCollector.DUPLICATE_LABELSET);
        }
        out.add(new StepSeries(l, v));
      }
      return new VectorOperand(out);
    }
    throw new QueryException(QueryException.Kind.BAD_DATA, "unary expression only allowed on expressions of type scalar or instant vector");
  }

  /** Unary plus hands its operand through; it is accounted again by {@link #hold}, so release it here. */
  private Operand copy(Operand in) {
    release(in);
    return in;
  }

  /** Counts a node's output against the sample limit. */
  private Operand hold(Operand o) {
    if (o instanceof VectorOperand v) {
      guard.hold(v.pointCount());
    }
    return o;
  }

  /** Releases a consumed child's samples from the limit. */
  void release(Operand o) {
    if (o instanceof VectorOperand v) {
      guard.release(v.pointCount());
    }
  }

  long resolveAt(AtModifier at) {
    return switch (at.kind()) {
      case START -> queryStart;
      case END -> queryEnd;
      case TIMESTAMP -> at.timestampMillis();
    };
  }

  /** The reference time of every step: the step (or {@code @}) time minus the offset. Non-decreasing. */
  long[] refs(StepGrid g, AtModifier at, long offsetMillis) {
    int n = g.size();
    long[] refs = new long[n];
    if (at != null) {
      Arrays.fill(refs, resolveAt(at) - offsetMillis);
    } else {
      for (int i = 0; i < n; i++) {
        refs[i] = g.time(i) - offsetMillis;
      }
    }
    return refs;
  }

  /** A range-vector argument ready for windowing: its series, each step's reference time, and the range. */
  record RangeArg(RangeSource source, long[] refs, long range) {}

  /** Opens a matrix selector or subquery (parentheses allowed) for evaluation over {@code g}. */
  RangeArg rangeArg(Expr e, StepGrid g, String func) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    if (e instanceof MatrixSelector ms) {
      VectorSelector vs = ms.selector();
      long[] refs = refs(g, vs.at(), vs.offsetMillis());
      long minT = refs[0] - ms.rangeMillis();
      long maxT = refs[refs.length - 1];
      return new RangeArg(selectors.range(vs, minT, maxT, g.interval(), ms.rangeMillis(), func), refs,
          ms.rangeMillis());
    }
    if (e instanceof SubqueryExpr sq) {
      long[] refs = refs(g, sq.at(), sq.offsetMillis());
      long step = sq.stepMillis() > 0 ? sq.stepMillis() : options.noStepSubqueryInterval().toMillis();
      long lo = refs[0] - sq.rangeMillis();
      // Subquery steps are aligned to multiples of the step (Prometheus's evalSubquery): the first one is
      // the earliest multiple at or after the range start.
      long start = Math.floorDiv(lo, step) * step;
      if (start < lo) {
        start += step;
      }
      StepGrid inner = new StepGrid(start, refs[refs.length - 1], step);
      VectorOperand v;
      if (inner.size() == 0) {
        v = new VectorOperand(List.of());
      } else {
        Operand o = eval(sq.expr(), inner);
        if (o instanceof VectorOperand vo) {
          v = vo;
        } else if (o instanceof ScalarOperand so) {
          v = new VectorOperand(List.of(new StepSeries(Labels.EMPTY, so.values())));
        } else {
          throw new QueryException(QueryException.Kind.BAD_DATA, "subquery is only allowed on instant vector");
        }
      }
      return new RangeArg(new ColumnRangeSource(v, inner, this), refs, sq.rangeMillis());
    }
    throw new QueryException(QueryException.Kind.BAD_DATA,
        "expected type range vector, got " + e.type().documentedName());
  }

  /** A subquery's evaluated columns seen as series of samples. */
  private static final class ColumnRangeSource implements RangeSource {
    private final VectorOperand v;
    private final StepGrid grid;
    private final Evaluator ev;
    private final long[] times;
    private final double[] values;
    private int index = -1;
    private int size;
    private boolean released;

    ColumnRangeSource(VectorOperand v, StepGrid grid, Evaluator ev) {
      this.v = v;
      this.grid = grid;
      this.ev = ev;
      int n = grid.size();
      this.times = new long[Math.max(n, 1)];
      this.values = new double[Math.max(n, 1)];
    }

    @Override
    public boolean next() {
      index++;
      if (index >= v.series().size()) {
        return false;
      }
      double[] col = v.series().get(index).values();
      size = 0;
      for (int i = 0; i < col.length; i++) {
        if (!StepSeries.absent(col[i])) {
          times[size] = grid.time(i);
          values[size] = col[i];
          size++;
        }
      }
      return true;
    }

    @Override
    public Labels labels() {
      return v.series().get(index).labels();
    }

    @Override
    public long[] times() {
      return times;
    }

    @Override
    public double[] values() {
      return values;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        ev.release(v);
      }
    }
  }

  /** Labels for {@code absent()}: the equality matchers of a selector, except names matched twice. */
  static Labels absentLabels(Expr arg) {
    VectorSelector vs;
    if (arg instanceof VectorSelector v) {
      vs = v;
    } else if (arg instanceof MatrixSelector m) {
      vs = m.selector();
    } else {
      return Labels.EMPTY;
    }
    Labels.Builder b = Labels.builder();
    Set<String> has = new HashSet<>();
    for (io.promethium.core.labels.Matcher m : vs.matchers()) {
      if (m.name().equals(Labels.METRIC_NAME)) {
        continue;
      }
      if (m.type() == io.promethium.core.labels.MatchType.EQUAL && !has.contains(m.name())) {
        b.set(m.name(), m.value());
        has.add(m.name());
      } else {
        b.delete(m.name());
      }
    }
    return b.build();
  }
}
