package io.promethium.promql.engine;

import io.promethium.core.labels.Labels;
import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.ParenExpr;
import io.promethium.promql.ast.ValueType;
import io.promethium.promql.ast.VectorSelector;
import io.promethium.promql.engine.Operand.ScalarOperand;
import io.promethium.promql.engine.Operand.StringOperand;
import io.promethium.promql.engine.Operand.VectorOperand;
import io.promethium.promql.functions.BucketQuantile;
import io.promethium.promql.functions.DateFunctions;
import io.promethium.promql.functions.FunctionException;
import io.promethium.promql.functions.HoltWinters;
import io.promethium.promql.functions.LinearRegression;
import io.promethium.promql.functions.MathFunctions;
import io.promethium.promql.functions.OverTimeFunctions;
import io.promethium.promql.functions.RangeFunction;
import io.promethium.promql.functions.RateFunctions;
import io.promethium.promql.functions.SampleWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * Function calls: range-vector functions slide a window over each series' samples (no allocation per
 * step); instant-vector functions map each series once; the rest (scalar, vector, absent, sort,
 * label_replace, histogram_quantile, ...) follow Prometheus's per-step rules. Native-histogram functions
 * ({@code histogram_count}, {@code histogram_sum}, {@code histogram_fraction}, {@code histogram_stddev},
 * {@code histogram_stdvar}) return empty vectors because native histograms are not supported.
 * Confined to one query.
 */
final class CallEvaluator {
  private final Evaluator ev;

  CallEvaluator(Evaluator ev) {
    this.ev = ev;
  }

  Operand eval(Call c, StepGrid g) {
    String name = c.function().name();
    try {
      RangeFunction rf = rangeFunction(name);
      if (rf != null || name.equals("absent_over_time")) {
        return rangeCall(c, g, rf);
      }
      return instantCall(c, name, g);
    } catch (FunctionException e) {
      throw new QueryException(QueryException.Kind.EXECUTION, e.getMessage());
    }
  }

  private static RangeFunction rangeFunction(String name) {
    return switch (name) {
      case "rate" -> RateFunctions.RATE;
      case "increase" -> RateFunctions.INCREASE;
      case "delta" -> RateFunctions.DELTA;
      case "irate" -> RateFunctions.IRATE;
      case "idelta" -> RateFunctions.IDELTA;
      case "deriv" -> LinearRegression.deriv();
      case "predict_linear" -> LinearRegression.predictLinear();
      case "holt_winters" -> HoltWinters.INSTANCE;
      case "avg_over_time" -> new OverTimeFunctions().avg;
      case "sum_over_time" -> new OverTimeFunctions().sum;
      case "stddev_over_time" -> new OverTimeFunctions().stddev;
      case "stdvar_over_time" -> new OverTimeFunctions().stdvar;
      case "quantile_over_time" -> new OverTimeFunctions().quantile;
      case "mad_over_time" -> new OverTimeFunctions().mad;
      case "count_over_time" -> OverTimeFunctions.COUNT;
      case "present_over_time" -> OverTimeFunctions.PRESENT;
      case "last_over_time" -> OverTimeFunctions.LAST;
      case "max_over_time" -> OverTimeFunctions.MAX;
      case "min_over_time" -> OverTimeFunctions.MIN;
      case "changes" -> OverTimeFunctions.CHANGES;
      case "resets" -> OverTimeFunctions.RESETS;
      default -> null;
    };
  }

  /** Evaluates a function whose one range-vector argument is windowed per step. */
  private Operand rangeCall(Call c, StepGrid g, RangeFunction f) {
    List<StepSeries> out = new ArrayList<>();
    boolean[] anyAt = windowed(c, g, f, false, (l, v) -> out.add(new StepSeries(l, v)));
    if (anyAt != null) {
      int steps = g.size();
      double[] col = null;
      for (int i = 0; i < steps; i++) {
        if (!anyAt[i]) {
          if (col == null) {
            col = StepSeries.newColumn(steps);
          }
          col[i] = 1;
        }
      }
      Expr arg = unwrap(c.args().get(0));
      return new VectorOperand(col == null ? List.of() : List.of(new StepSeries(Evaluator.absentLabels(arg), col)));
    }
    return new VectorOperand(out);
  }

  /** Whether {@link #stream} can produce this call's series one at a time (range functions but absent_over_time). */
  boolean canStream(Call c) {
    return rangeFunction(c.function().name()) != null;
  }

  /** Hands each output series of a range-function call to {@code sink}, in one reused column. */
  void stream(Call c, StepGrid g, SeriesSink sink) {
    windowed(c, g, rangeFunction(c.function().name()), true, sink);
  }

  private static Expr unwrap(Expr e) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    return e;
  }

  /**
   * Slides the window over every series of the range argument and hands each output series to the sink
   * (fails on two outputs with the same labels). For {@code absent_over_time} ({@code f == null}) nothing is
   * emitted and the steps with any sample are returned instead.
   */
  private boolean[] windowed(Call c, StepGrid g, RangeFunction f, boolean reuse, SeriesSink sink) {
    String name = c.function().name();
    List<Expr> args = c.args();
    int matrixArg = -1;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).type() == ValueType.MATRIX) {
        matrixArg = i;
        break;
      }
    }
    if (matrixArg < 0) {
      throw new QueryException(QueryException.Kind.BAD_DATA,
          "expected type range vector in call to function \"" + name + "\"");
    }
    double[] p0 = null;
    double[] p1 = null;
    for (int i = 0, k = 0; i < args.size(); i++) {
      if (i == matrixArg) {
        continue;
      }
      double[] s = scalarArg(args.get(i), g);
      if (k++ == 0) {
        p0 = s;
      } else {
        p1 = s;
      }
    }
    int steps = g.size();
    boolean absentOverTime = name.equals("absent_over_time");
    boolean keepName = name.equals("last_over_time");
    boolean[] anyAt = absentOverTime ? new boolean[steps] : null;
    double[] shared = reuse ? new double[steps] : null;
    Set<Labels> seen = new HashSet<>();
    SampleWindow w = new SampleWindow();
    Evaluator.RangeArg ra = ev.rangeArg(args.get(matrixArg), g, name);
    long[] refs = ra.refs();
    long range = ra.range();
    w.range = range;
    // With @ every step reads the same window; unless the function depends on the step time or on
    // step-varying parameters, compute it once and repeat it (Prometheus's step-invariant evaluation).
    boolean invariant = steps > 1 && refs[0] == refs[steps - 1] && !name.equals("predict_linear")
        && constant(p0) && constant(p1);
    int evalSteps = invariant ? 1 : steps;
    try (RangeSource src = ra.source()) {
      while (src.next()) {
        long[] t = src.times();
        double[] v = src.values();
        int n = src.size();
        int from = 0;
        int to = 0;
        double[] col = null;
        for (int i = 0; i < evalSteps; i++) {
          long ref = refs[i];
          long lo = ref - range;
          while (to < n && t[to] <= ref) {
            to++;
          }
          while (from < to && t[from] < lo) {
            from++;
          }
          if (from == to) {
            continue; // Prometheus never calls a range function on an empty window
          }
          if (absentOverTime) {
            anyAt[i] = true;
            continue;
          }
          w.set(t, v, from, to);
          w.rangeStart = lo;
          w.rangeEnd = ref;
          w.evalTime = g.time(i);
          w.param0 = p0 == null ? 0 : p0[i];
          w.param1 = p1 == null ? 0 : p1[i];
          ev.guard().hold(to - from);
          double r = f.apply(w);
          ev.guard().release(to - from);
          if (RangeFunction.isNoValue(r)) {
            continue;
          }
          if (col == null) {
            if (reuse) {
              col = shared;
              java.util.Arrays.fill(col, StepSeries.ABSENT);
            } else {
              col = StepSeries.newColumn(steps);
            }
          }
          col[i] = r;
        }
        if (invariant) {
          if (anyAt != null && anyAt[0]) {
            java.util.Arrays.fill(anyAt, true);
          }
          if (col != null) {
            java.util.Arrays.fill(col, col[0]);
          }
        }
        if (col != null) {
          Labels l = keepName ? src.labels() : src.labels().withoutMetricName();
          if (!seen.add(l)) {
            throw new QueryException(QueryException.Kind.EXECUTION, SeriesCollector.DUPLICATE_LABELSET);
          }
          sink.accept(l, col);
        }
      }
    }
    return anyAt;
  }

  private static boolean constant(double[] p) {
    if (p == null) {
      return true;
    }
    for (double x : p) {
      if (Double.doubleToRawLongBits(x) != Double.doubleToRawLongBits(p[0])) {
        return false;
      }
    }
    return true;
  }

  private double[] scalarArg(Expr e, StepGrid g) {
    Operand o = ev.eval(e, g);
    if (o instanceof ScalarOperand s) {
      return s.values();
    }
    ev.release(o);
    throw new QueryException(QueryException.Kind.BAD_DATA, "expected scalar argument, got " + e.type().documentedName());
  }

  private String stringArg(Expr e) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    if (e instanceof io.promethium.promql.ast.StringLiteral s) {
      return s.value();
    }
    throw new QueryException(QueryException.Kind.BAD_DATA, "expected string argument, got " + e.type().documentedName());
  }

  private VectorOperand vectorArg(Expr e, StepGrid g) {
    Operand o = ev.eval(e, g);
    if (o instanceof VectorOperand v) {
      return v;
    }
    throw new QueryException(QueryException.Kind.BAD_DATA, "expected instant vector argument, got " + e.type().documentedName());
  }

  private Operand instantCall(Call c, String name, StepGrid g) {
    List<Expr> args = c.args();
    int steps = g.size();
    switch (name) {
      case "time": {
        double[] v = new double[steps];
        for (int i = 0; i < steps; i++) {
          v[i] = g.time(i) / 1000.0;
        }
        return new ScalarOperand(v);
      }
      case "pi": {
        double[] v = new double[steps];
        java.util.Arrays.fill(v, Math.PI);
        return new ScalarOperand(v);
      }
      case "vector": {
        double[] s = scalarArg(args.get(0), g);
        return new VectorOperand(List.of(new StepSeries(Labels.EMPTY, s.clone())));
      }
      case "scalar": {
        VectorOperand v = vectorArg(args.get(0), g);
        ev.release(v);
        double[] out = new double[steps];
        for (int i = 0; i < steps; i++) {
          int count = 0;
          double val = Double.NaN;
          for (StepSeries s : v.series()) {
            if (!StepSeries.absent(s.values()[i])) {
              count++;
              val = s.values()[i];
            }
          }
          out[i] = count == 1 ? val : Double.NaN;
        }
        return new ScalarOperand(out);
      }
      case "timestamp":
        return timestamp(args.get(0), g);
      case "absent": {
        VectorOperand v = vectorArg(args.get(0), g);
        ev.release(v);
        double[] col = null;
        for (int i = 0; i < steps; i++) {
          boolean any = false;
          for (StepSeries s : v.series()) {
            if (!StepSeries.absent(s.values()[i])) {
              any = true;
              break;
            }
          }
          if (!any) {
            if (col == null) {
              col = StepSeries.newColumn(steps);
            }
            col[i] = 1;
          }
        }
        return new VectorOperand(col == null ? List.of() : List.of(new StepSeries(Evaluator.absentLabels(args.get(0)), col)));
      }
      case "sort":
      case "sort_desc":
        return sort(vectorArg(args.get(0), g), name.equals("sort_desc"), steps);
      case "label_replace": {
        LabelFunctions.Replace r = new LabelFunctions.Replace(
            stringArg(args.get(1)), stringArg(args.get(2)), stringArg(args.get(3)), stringArg(args.get(4)));
        VectorOperand v = vectorArg(args.get(0), g);
        ev.release(v);
        return relabel(v, r::apply, steps);
      }
      case "label_join": {
        List<String> srcs = new ArrayList<>();
        for (int i = 3; i < args.size(); i++) {
          srcs.add(stringArg(args.get(i)));
        }
        LabelFunctions.Join j = new LabelFunctions.Join(stringArg(args.get(1)), stringArg(args.get(2)), srcs);
        VectorOperand v = vectorArg(args.get(0), g);
        ev.release(v);
        return relabel(v, j::apply, steps);
      }
      case "histogram_quantile":
        return histogramQuantile(scalarArg(args.get(0), g), vectorArg(args.get(1), g), steps);
      case "histogram_count":
      case "histogram_sum":
      case "histogram_stddev":
      case "histogram_stdvar":
      case "histogram_fraction": {
        // Only native histograms have these; float samples never produce output.
        for (Expr a : args) {
          ev.release(ev.eval(a, g));
        }
        return new VectorOperand(List.of());
      }
      case "round": {
        VectorOperand v = vectorArg(args.get(0), g);
        double[] nearest = args.size() > 1 ? scalarArg(args.get(1), g) : null;
        ev.release(v);
        return mapValues(v, steps, (i, x) -> {
          double toNearestInverse = 1.0 / (nearest == null ? 1 : nearest[i]);
          return Math.floor(x * toNearestInverse + 0.5) / toNearestInverse;
        });
      }
      case "clamp": {
        VectorOperand v = vectorArg(args.get(0), g);
        double[] min = scalarArg(args.get(1), g);
        double[] max = scalarArg(args.get(2), g);
        ev.release(v);
        return mapValues(v, steps, (i, x) -> max[i] < min[i] ? StepSeries.ABSENT : Math.max(min[i], Math.min(max[i], x)));
      }
      case "clamp_min": {
        VectorOperand v = vectorArg(args.get(0), g);
        double[] min = scalarArg(args.get(1), g);
        ev.release(v);
        return mapValues(v, steps, (i, x) -> Math.max(min[i], x));
      }
      case "clamp_max": {
        VectorOperand v = vectorArg(args.get(0), g);
        double[] max = scalarArg(args.get(1), g);
        ev.release(v);
        return mapValues(v, steps, (i, x) -> Math.min(max[i], x));
      }
      default:
        break;
    }
    DoubleUnaryOperator math = MathFunctions.byName(name);
    if (math != null) {
      VectorOperand v = vectorArg(args.get(0), g);
      ev.release(v);
      return mapValues(v, steps, (i, x) -> math.applyAsDouble(x));
    }
    DoubleUnaryOperator date = DateFunctions.byName(name);
    if (date != null) {
      if (args.isEmpty()) {
        double[] col = new double[steps];
        for (int i = 0; i < steps; i++) {
          col[i] = date.applyAsDouble(g.time(i) / 1000.0);
        }
        return new VectorOperand(List.of(new StepSeries(Labels.EMPTY, col)));
      }
      VectorOperand v = vectorArg(args.get(0), g);
      ev.release(v);
      return mapValues(v, steps, (i, x) -> date.applyAsDouble(x));
    }
    throw new QueryException(QueryException.Kind.BAD_DATA, "unknown function with name \"" + name + "\"");
  }

  /** A per-sample mapping that may depend on the step (for scalar arguments). */
  @FunctionalInterface
  private interface StepMapping {
    double apply(int step, double value);
  }

  /** Applies {@code f} to every sample and drops the metric name, merging series that collide. */
  private VectorOperand mapValues(VectorOperand v, int steps, StepMapping f) {
    SeriesCollector out = new SeriesCollector(steps);
    for (StepSeries s : v.series()) {
      double[] col = null;
      double[] in = s.values();
      for (int i = 0; i < steps; i++) {
        if (StepSeries.absent(in[i])) {
          continue;
        }
        double r = f.apply(i, in[i]);
        if (StepSeries.absent(r)) {
          continue;
        }
        if (col == null) {
          col = out.column(s.labels().withoutMetricName());
        }
        SeriesCollector.put(col, i, r);
      }
    }
    return out.result();
  }

  private VectorOperand relabel(VectorOperand v, java.util.function.UnaryOperator<Labels> f, int steps) {
    SeriesCollector out = new SeriesCollector(steps);
    for (StepSeries s : v.series()) {
      out.merge(f.apply(s.labels()), s.values().clone());
    }
    return out.result();
  }

  private Operand timestamp(Expr arg, StepGrid g) {
    Expr inner = arg;
    while (inner instanceof ParenExpr p) {
      inner = p.expr();
    }
    int steps = g.size();
    VectorOperand v;
    if (inner instanceof VectorSelector vs) {
      v = ev.selectors().instant(vs, ev.refs(g, vs.at(), vs.offsetMillis()), g.interval(), true);
      ev.release(v);
      return mapValues(v, steps, (i, x) -> x);
    }
    v = vectorArg(arg, g);
    ev.release(v);
    return mapValues(v, steps, (i, x) -> g.time(i) / 1000.0);
  }

  /**
   * sort/sort_desc reorder a one-step result (NaN last) with Go's {@code sort.Sort}, so ties come out in
   * Prometheus's order. Over several steps order is meaningless and the input is returned.
   */
  private VectorOperand sort(VectorOperand v, boolean desc, int steps) {
    ev.release(v);
    if (steps != 1) {
      return v;
    }
    List<StepSeries> list = new ArrayList<>(v.series());
    GoSort.sort(new GoSort.Data() {
      @Override
      public boolean less(int i, int j) {
        return lessForSort(list.get(i), list.get(j), desc);
      }

      @Override
      public void swap(int i, int j) {
        StepSeries t = list.get(i);
        list.set(i, list.get(j));
        list.set(j, t);
      }
    }, list.size());
    return new VectorOperand(list);
  }

  /** Go's reversed heap order: {@code a} goes before {@code b} if b is NaN or a is smaller (larger for desc). */
  private static boolean lessForSort(StepSeries a, StepSeries b, boolean desc) {
    double x = a.values()[0];
    double y = b.values()[0];
    if (Double.isNaN(y)) {
      return true;
    }
    return desc ? y < x : y > x;
  }

  private VectorOperand histogramQuantile(double[] q, VectorOperand v, int steps) {
    ev.release(v);
    // Group buckets by all labels but "le" (the name included); output drops the name and "le".
    Map<Labels, List<Integer>> groups = new LinkedHashMap<>();
    Map<Labels, Labels> outLabels = new HashMap<>();
    double[] bounds = new double[v.series().size()];
    List<StepSeries> in = v.series();
    for (int s = 0; s < in.size(); s++) {
      Labels l = in.get(s).labels();
      double ub = parseBound(l.get("le"));
      if (Double.isNaN(ub) && !l.get("le").equalsIgnoreCase("nan")) {
        continue; // a bad le label: Prometheus skips the series (with an annotation)
      }
      bounds[s] = ub;
      Labels key = l.toBuilder().delete("le").build();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
      outLabels.computeIfAbsent(key, k -> k.withoutMetricName());
    }
    SeriesCollector out = new SeriesCollector(steps);
    BucketQuantile bq = new BucketQuantile();
    for (Map.Entry<Labels, List<Integer>> e : groups.entrySet()) {
      double[] col = null;
      for (int i = 0; i < steps; i++) {
        bq.clear();
        for (int s : e.getValue()) {
          double f = in.get(s).values()[i];
          if (!StepSeries.absent(f)) {
            bq.add(bounds[s], f);
          }
        }
        if (bq.size() == 0) {
          continue;
        }
        if (col == null) {
          col = out.column(outLabels.get(e.getKey()));
        }
        SeriesCollector.put(col, i, bq.quantile(q[i]));
      }
    }
    return out.result();
  }

  /** Go's {@code strconv.ParseFloat}; NaN when the text is not a number. */
  static double parseBound(String s) {
    String t = s.trim();
    if (!t.equals(s) || t.isEmpty()) {
      return Double.NaN;
    }
    String lower = t.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "+inf", "inf", "+infinity", "infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        break;
    }
    char last = lower.charAt(lower.length() - 1);
    if (last == 'd' || last == 'f' || lower.contains("infinity") || lower.contains("nan")) {
      return Double.NaN;
    }
    try {
      double d = Double.parseDouble(t);
      // Go's ParseFloat reports a finite literal beyond the double range ("1e400") as ErrRange, and
      // Prometheus skips a bucket whose le fails to parse; Java would round it to infinity.
      return Double.isInfinite(d) ? Double.NaN : d;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
