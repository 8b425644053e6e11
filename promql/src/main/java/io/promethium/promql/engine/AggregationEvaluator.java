package io.promethium.promql.engine;

import io.promethium.core.exposition.GoFloatFormat;
import io.promethium.core.labels.Labels;
import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.AggregateOp;
import io.promethium.promql.engine.Operand.ScalarOperand;
import io.promethium.promql.engine.Operand.StringOperand;
import io.promethium.promql.engine.Operand.VectorOperand;
import io.promethium.promql.functions.Quantile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The aggregation operators with Prometheus 2.48's semantics: grouping by/without, incremental mean with
 * infinity handling for avg, NaN-skipping min/max, Welford variance, heap-ordered topk/bottomk and
 * count_values labels. Grouping keys are computed once per series; values are folded step by step into
 * per-group columns. Confined to one query.
 */
final class AggregationEvaluator {
  private final Evaluator ev;

  AggregationEvaluator(Evaluator ev) {
    this.ev = ev;
  }

  Operand eval(AggregateExpr a, StepGrid g) {
    Operand param = a.param() == null ? null : ev.eval(a.param(), g);
    AggregateOp op = a.op();
    if (!op.hasParam()) {
      // Folding aggregations consume their input series one at a time (never all held at once).
      return fold(a, g);
    }
    Operand input = ev.eval(a.expr(), g);
    try {
      if (!(input instanceof VectorOperand vec)) {
        throw new QueryException(QueryException.Kind.BAD_DATA,
            "expected type instant vector in aggregation expression");
      }
      if (op == AggregateOp.COUNT_VALUES) {
        if (!(param instanceof StringOperand s)) {
          throw new QueryException(QueryException.Kind.BAD_DATA,
              "expected type string in aggregation parameter");
        }
        return countValues(a, vec, s.value(), g);
      }
      if (!(param instanceof ScalarOperand s)) {
        throw new QueryException(QueryException.Kind.BAD_DATA,
            "expected type scalar in aggregation parameter");
      }
      if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK) {
        return topk(a, vec, s.values(), g);
      }
      return quantile(a, vec, s.values(), g);
    } finally {
      ev.release(input);
    }
  }

  /** The group labels of a series: the {@code by} labels, or all but the {@code without} labels and the name. */
  static Labels groupLabels(Labels l, AggregateExpr a, Set<String> grouping) {
    if (a.without()) {
      return l.without(grouping);
    }
    if (grouping.isEmpty()) {
      return Labels.EMPTY;
    }
    return l.keepOnly(grouping);
  }

  private static Set<String> groupingSet(AggregateExpr a) {
    Set<String> s = new HashSet<>(a.grouping());
    if (a.without()) {
      s.add(Labels.METRIC_NAME);
    }
    return s;
  }

  /** Per-group accumulators over the steps. */
  private static final class Group {
    final Labels labels;
    final double[] value;
    final double[] mean;
    final int[] count;

    Group(Labels labels, int steps, boolean needsMean) {
      this.labels = labels;
      this.value = new double[steps];
      this.mean = needsMean ? new double[steps] : null;
      this.count = new int[steps];
    }
  }

  /** sum, avg, count, min, max, group, stddev, stdvar: folded series by series into per-group columns. */
  private VectorOperand fold(AggregateExpr a, StepGrid g) {
    int steps = g.size();
    Set<String> grouping = groupingSet(a);
    AggregateOp op = a.op();
    boolean needsMean = op == AggregateOp.AVG || op == AggregateOp.STDDEV || op == AggregateOp.STDVAR;
    Map<Labels, Group> groups = new LinkedHashMap<>();
    SeriesSink sink = (labels, v) -> {
      Labels key = groupLabels(labels, a, grouping);
      Group grp = groups.get(key);
      if (grp == null) {
        grp = new Group(key, steps, needsMean);
        groups.put(key, grp);
      }
      accumulate(op, grp, v, steps);
    };
    try {
      ev.stream(a.expr(), g, sink);
    } catch (Evaluator.StreamFallback f) {
      // Colliding label sets after a dropped name: start over on the materialised input.
      groups.clear();
      Operand in = ev.eval(a.expr(), g);
      try {
        if (!(in instanceof VectorOperand vec)) {
          throw new QueryException(QueryException.Kind.BAD_DATA,
              "expected type instant vector in aggregation expression");
        }
        for (StepSeries s : vec.series()) {
          sink.accept(s.labels(), s.values());
        }
      } finally {
        ev.release(in);
      }
    }
    List<StepSeries> out = new ArrayList<>(groups.size());
    for (Group grp : groups.values()) {
      double[] col = StepSeries.newColumn(steps);
      boolean any = false;
      for (int i = 0; i < steps; i++) {
        int c = grp.count[i];
        if (c == 0) {
          continue;
        }
        any = true;
        col[i] = switch (op) {
          case AVG -> grp.mean[i];
          case COUNT -> c;
          case STDVAR -> grp.value[i] / c;
          case STDDEV -> Math.sqrt(grp.value[i] / c);
          default -> grp.value[i];
        };
      }
      if (any) {
        out.add(new StepSeries(grp.labels, col));
      }
    }
    return new VectorOperand(out);
  }

  /** Adds one series to its group, step by step, with Prometheus 2.48's per-operator rules. */
  private static void accumulate(AggregateOp op, Group grp, double[] v, int steps) {
    double[] val = grp.value;
    double[] mn = grp.mean;
    int[] cnt = grp.count;
    for (int i = 0; i < steps; i++) {
      double f = v[i];
      if (StepSeries.absent(f)) {
        continue;
      }
      int c = cnt[i];
      if (c == 0) {
        cnt[i] = 1;
        switch (op) {
          case STDDEV, STDVAR -> {
            val[i] = 0;
            mn[i] = f;
          }
          case AVG -> mn[i] = f;
          case GROUP -> val[i] = 1;
          default -> val[i] = f;
        }
        continue;
      }
      switch (op) {
        case SUM -> val[i] += f;
        case AVG -> {
          c++;
          cnt[i] = c;
          double m = mn[i];
          if (Double.isInfinite(m)) {
            if (Double.isInfinite(f) && (m > 0) == (f > 0)) {
              break; // same-sign infinities: the mean stays
            }
            if (!Double.isInfinite(f) && !Double.isNaN(f)) {
              break; // finite values cannot move an infinite mean
            }
          }
          // Dividing both terms first avoids overflow for values near the float64 maximum.
          mn[i] = m + (f / c - m / c);
        }
        case MAX -> {
          if (val[i] < f || Double.isNaN(val[i])) {
            val[i] = f;
          }
        }
        case MIN -> {
          if (val[i] > f || Double.isNaN(val[i])) {
            val[i] = f;
          }
        }
        case COUNT -> cnt[i] = c + 1;
        case GROUP -> { }
        case STDDEV, STDVAR -> {
          c++;
          cnt[i] = c;
          double delta = f - mn[i];
          mn[i] += delta / c;
          val[i] += delta * (f - mn[i]);
        }
        default -> throw new IllegalStateException("unexpected aggregation " + op);
      }
    }
  }

  private VectorOperand quantile(AggregateExpr a, VectorOperand vec, double[] q, StepGrid g) {
    int steps = g.size();
    List<StepSeries> in = vec.series();
    Set<String> grouping = groupingSet(a);
    Map<Labels, Integer> groupIdx = new LinkedHashMap<>();
    int[] seriesGroup = new int[in.size()];
    for (int s = 0; s < in.size(); s++) {
      Labels key = groupLabels(in.get(s).labels(), a, grouping);
      seriesGroup[s] = groupIdx.computeIfAbsent(key, k -> groupIdx.size());
    }
    int groups = groupIdx.size();
    int[][] members = membersByGroup(seriesGroup, groups);
    double[] scratch = new double[Math.max(1, in.size())];
    List<StepSeries> out = new ArrayList<>(groups);
    for (Map.Entry<Labels, Integer> e : groupIdx.entrySet()) {
      int[] mem = members[e.getValue()];
      double[] col = null;
      for (int i = 0; i < steps; i++) {
        int n = 0;
        for (int s : mem) {
          double f = in.get(s).values()[i];
          if (!StepSeries.absent(f)) {
            scratch[n++] = f;
          }
        }
        if (n == 0) {
          continue;
        }
        if (col == null) {
          col = StepSeries.newColumn(steps);
        }
        col[i] = Quantile.of(q[i], scratch, n);
      }
      if (col != null) {
        out.add(new StepSeries(e.getKey(), col));
      }
    }
    return new VectorOperand(out);
  }

  private static int[][] membersByGroup(int[] seriesGroup, int groups) {
    int[] sizes = new int[groups];
    for (int gi : seriesGroup) {
      sizes[gi]++;
    }
    int[][] members = new int[groups][];
    for (int gi = 0; gi < groups; gi++) {
      members[gi] = new int[sizes[gi]];
    }
    int[] fill = new int[groups];
    for (int s = 0; s < seriesGroup.length; s++) {
      int gi = seriesGroup[s];
      members[gi][fill[gi]++] = s;
    }
    return members;
  }

  /**
   * topk/bottomk with Go's {@code container/heap} so that ties and NaNs come out in Prometheus's order; the
   * final ordering mimics Go's {@code sort.Sort} (insertion sort for up to 12 elements).
   */
  private VectorOperand topk(AggregateExpr a, VectorOperand vec, double[] param, StepGrid g) {
    int steps = g.size();
    boolean top = a.op() == AggregateOp.TOPK;
    Set<String> grouping = groupingSet(a);
    Map<Labels, Integer> groupIdx = new LinkedHashMap<>();
    List<StepSeries> in = vec.series();
    int[] seriesGroup = new int[in.size()];
    for (int s = 0; s < in.size(); s++) {
      Labels key = groupLabels(in.get(s).labels(), a, grouping);
      seriesGroup[s] = groupIdx.computeIfAbsent(key, k -> groupIdx.size());
    }
    int[][] members = membersByGroup(seriesGroup, groupIdx.size());
    // Output columns by input series, plus the order in which series were first selected.
    double[][] outCols = new double[in.size()][];
    int[] order = new int[in.size()];
    int selected = 0;
    int[] heap = new int[Math.max(1, in.size())];
    double[] hv = new double[heap.length];
    for (int i = 0; i < steps; i++) {
      double kf = param[i];
      if (!(kf <= 9.223372036854775807E18 && kf >= -9.223372036854775808E18)) {
        throw new QueryException(QueryException.Kind.EXECUTION,
            "Scalar value " + GoFloatFormat.v(kf) + " overflows int64");
      }
      long k = (long) kf;
      if (k < 1) {
        continue;
      }
      for (int[] mem : members) {
        int hs = 0;
        for (int s : mem) {
          double f = in.get(s).values()[i];
          if (StepSeries.absent(f)) {
            continue;
          }
          if (hs < k) {
            heap[hs] = s;
            hv[hs] = f;
            hs++;
            up(heap, hv, hs - 1, top);
          } else if (top
              ? (hv[0] < f || (Double.isNaN(hv[0]) && !Double.isNaN(f)))
              : (hv[0] > f || (Double.isNaN(hv[0]) && !Double.isNaN(f)))) {
            heap[0] = s;
            hv[0] = f;
            if (k > 1) {
              down(heap, hv, 0, hs, top);
            }
          }
        }
        if (hs == 0) {
          continue;
        }
        sortReverse(heap, hv, hs, top);
        for (int h = 0; h < hs; h++) {
          double[] col = outCols[heap[h]];
          if (col == null) {
            col = StepSeries.newColumn(steps);
            outCols[heap[h]] = col;
            order[selected++] = heap[h];
          }
          col[i] = hv[h];
        }
      }
    }
    List<StepSeries> out = new ArrayList<>(selected);
    for (int k = 0; k < selected; k++) {
      out.add(new StepSeries(in.get(order[k]).labels(), outCols[order[k]]));
    }
    return new VectorOperand(out);
  }

  /** Prometheus's heap order: NaN is "less" than anything; topk keeps the smallest on top, bottomk the largest. */
  private static boolean less(double[] hv, int i, int j, boolean top) {
    if (Double.isNaN(hv[i])) {
      return true;
    }
    return top ? hv[i] < hv[j] : hv[i] > hv[j];
  }

  private static void swap(int[] heap, double[] hv, int i, int j) {
    int t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
    double d = hv[i];
    hv[i] = hv[j];
    hv[j] = d;
  }

  private static void up(int[] heap, double[] hv, int j, boolean top) {
    while (true) {
      int i = (j - 1) / 2;
      if (i == j || !less(hv, j, i, top)) {
        break;
      }
      swap(heap, hv, i, j);
      j = i;
    }
  }

  private static void down(int[] heap, double[] hv, int i0, int n, boolean top) {
    int i = i0;
    while (true) {
      int j1 = 2 * i + 1;
      if (j1 >= n || j1 < 0) {
        break;
      }
      int j = j1;
      int j2 = j1 + 1;
      if (j2 < n && less(hv, j2, j1, top)) {
        j = j2;
      }
      if (!less(hv, j, i, top)) {
        break;
      }
      swap(heap, hv, i, j);
      i = j;
    }
  }

  /** {@code sort.Sort(sort.Reverse(heap))} with Go's algorithm, so equal values keep Prometheus's order. */
  private static void sortReverse(int[] heap, double[] hv, int n, boolean top) {
    GoSort.sort(new GoSort.Data() {
      @Override
      public boolean less(int i, int j) {
        return AggregationEvaluator.less(hv, j, i, top);
      }

      @Override
      public void swap(int i, int j) {
        AggregationEvaluator.swap(heap, hv, i, j);
      }
    }, n);
  }

  private VectorOperand countValues(AggregateExpr a, VectorOperand vec, String valueLabel, StepGrid g) {
    if (!validLabelName(valueLabel)) {
      throw new QueryException(QueryException.Kind.EXECUTION, "invalid label name \"" + valueLabel + "\"");
    }
    int steps = g.size();
    Set<String> grouping = groupingSet(a);
    if (!a.without()) {
      grouping.add(valueLabel);
    }
    Map<Labels, double[]> counts = new LinkedHashMap<>();
    Map<Double, String> formatted = new HashMap<>();
    for (StepSeries s : vec.series()) {
      Labels.Builder b = s.labels().toBuilder();
      for (int i = 0; i < steps; i++) {
        double f = s.values()[i];
        if (StepSeries.absent(f)) {
          continue;
        }
        String text = formatted.computeIfAbsent(f, GoFloatFormat::f);
        Labels withValue = b.set(valueLabel, text).build();
        Labels key = groupLabels(withValue, a, grouping);
        double[] col = counts.computeIfAbsent(key, k -> new double[steps]);
        col[i]++;
      }
    }
    List<StepSeries> out = new ArrayList<>(counts.size());
    for (Map.Entry<Labels, double[]> e : counts.entrySet()) {
      double[] col = e.getValue();
      for (int i = 0; i < steps; i++) {
        if (col[i] == 0) {
          col[i] = StepSeries.ABSENT;
        }
      }
      out.add(new StepSeries(e.getKey(), col));
    }
    return new VectorOperand(out);
  }

  static boolean validLabelName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
