package io.promethium.promql.engine;

import io.promethium.core.labels.Labels;
import io.promethium.promql.ast.BinaryExpr;
import io.promethium.promql.ast.BinaryOp;
import io.promethium.promql.ast.VectorMatching;
import io.promethium.promql.engine.Operand.ScalarOperand;
import io.promethium.promql.engine.Operand.VectorOperand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binary operators over scalars and instant vectors, with Prometheus's vector matching (on/ignoring,
 * group_left/group_right, set operators), metric-name dropping and error texts. Match signatures and
 * result labels are computed once per series (pair), then values are combined step by step.
 * Confined to one query.
 */
final class BinaryEvaluator {
  private final Evaluator ev;

  BinaryEvaluator(Evaluator ev) {
    this.ev = ev;
  }

  Operand eval(BinaryExpr b, StepGrid g) {
    Operand l = ev.eval(b.lhs(), g);
    Operand r = ev.eval(b.rhs(), g);
    try {
      if (l instanceof ScalarOperand ls && r instanceof ScalarOperand rs) {
        double[] out = new double[ls.values().length];
        for (int i = 0; i < out.length; i++) {
          out[i] = ArithmeticOps.apply(b.op(), ls.values()[i], rs.values()[i]);
        }
        return new ScalarOperand(out);
      }
      if (l instanceof VectorOperand lv && r instanceof VectorOperand rv) {
        VectorMatching m = b.matching() != null
            ? b.matching()
            : new VectorMatching(
                b.op().isSetOperator() ? VectorMatching.Cardinality.MANY_TO_MANY : VectorMatching.Cardinality.ONE_TO_ONE,
                List.of(), false, List.of());
        return switch (b.op()) {
          case AND -> and(lv, rv, m, g, false);
          case UNLESS -> and(lv, rv, m, g, true);
          case OR -> or(lv, rv, m, g);
          default -> vectorVector(b.op(), lv, rv, m, b.returnBool(), g);
        };
      }
      if (l instanceof VectorOperand lv && r instanceof ScalarOperand rs) {
        return vectorScalar(b.op(), lv, rs.values(), false, b.returnBool(), g);
      }
      if (l instanceof ScalarOperand ls && r instanceof VectorOperand rv) {
        return vectorScalar(b.op(), rv, ls.values(), true, b.returnBool(), g);
      }
      throw new QueryException(QueryException.Kind.BAD_DATA,
          "binary expression must contain only scalar and instant vector types");
    } finally {
      ev.release(l);
      ev.release(r);
    }
  }

  private VectorOperand vectorScalar(BinaryOp op, VectorOperand vec, double[] scalar, boolean swap,
      boolean returnBool, StepGrid g) {
    boolean comparison = op.isComparison();
    boolean drop = ArithmeticOps.dropsMetricName(op) || returnBool;
    SeriesCollector out = new SeriesCollector(g.size());
    for (StepSeries s : vec.series()) {
      double[] in = s.values();
      double[] col = null;
      for (int i = 0; i < in.length; i++) {
        double v = in[i];
        if (StepSeries.absent(v)) {
          continue;
        }
        double lf = swap ? scalar[i] : v;
        double rf = swap ? v : scalar[i];
        double result;
        if (comparison) {
          boolean keep = ArithmeticOps.compare(op, lf, rf);
          if (returnBool) {
            result = keep ? 1 : 0;
          } else if (keep) {
            result = v; // a filter keeps the vector's value whichever side it is on
          } else {
            continue;
          }
        } else {
          result = ArithmeticOps.apply(op, lf, rf);
        }
        if (col == null) {
          col = out.column(drop ? s.labels().withoutMetricName() : s.labels());
        }
        SeriesCollector.put(col, i, result);
      }
    }
    return out.result();
  }

  /** {@code and} (or {@code unless} when {@code negate}): lhs samples whose match group is (not) on the rhs. */
  private VectorOperand and(VectorOperand lhs, VectorOperand rhs, VectorMatching m, StepGrid g, boolean negate) {
    int steps = g.size();
    Map<Labels, boolean[]> rhsPresence = presenceBySignature(rhs, m, steps);
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : lhs.series()) {
      boolean[] other = rhsPresence.get(signature(s.labels(), m));
      double[] col = null;
      for (int i = 0; i < steps; i++) {
        double v = s.values()[i];
        if (StepSeries.absent(v)) {
          continue;
        }
        boolean matched = other != null && other[i];
        if (matched != negate) {
          if (col == null) {
            col = StepSeries.newColumn(steps);
          }
          col[i] = v;
        }
      }
      if (col != null) {
        out.add(new StepSeries(s.labels(), col));
      }
    }
    return new VectorOperand(out);
  }

  private VectorOperand or(VectorOperand lhs, VectorOperand rhs, VectorMatching m, StepGrid g) {
    int steps = g.size();
    Map<Labels, boolean[]> lhsPresence = presenceBySignature(lhs, m, steps);
    SeriesCollector out = new SeriesCollector(steps);
    for (StepSeries s : lhs.series()) {
      out.merge(s.labels(), s.values().clone());
    }
    for (StepSeries s : rhs.series()) {
      boolean[] other = lhsPresence.get(signature(s.labels(), m));
      double[] col = null;
      for (int i = 0; i < steps; i++) {
        double v = s.values()[i];
        if (StepSeries.absent(v) || (other != null && other[i])) {
          continue;
        }
        if (col == null) {
          col = out.column(s.labels());
        }
        SeriesCollector.put(col, i, v);
      }
    }
    return out.result();
  }

  private static Map<Labels, boolean[]> presenceBySignature(VectorOperand v, VectorMatching m, int steps) {
    Map<Labels, boolean[]> bySig = new HashMap<>();
    for (StepSeries s : v.series()) {
      boolean[] p = bySig.computeIfAbsent(signature(s.labels(), m), k -> new boolean[steps]);
      for (int i = 0; i < steps; i++) {
        if (!StepSeries.absent(s.values()[i])) {
          p[i] = true;
        }
      }
    }
    return bySig;
  }

  /** The labels two series must share to match: the {@code on} labels, or all but the ignored and the name. */
  static Labels signature(Labels l, VectorMatching m) {
    if (m.on()) {
      return l.keepOnly(m.matchingLabels());
    }
    if (m.matchingLabels().isEmpty()) {
      return l.withoutMetricName();
    }
    Set<String> drop = new HashSet<>(m.matchingLabels());
    drop.add(Labels.METRIC_NAME);
    return l.without(drop);
  }

  /** Series of one match group on each side. */
  private static final class Group {
    final List<Integer> many = new ArrayList<>(2);
    final List<Integer> one = new ArrayList<>(1);
    final Labels signature;

    Group(Labels signature) {
      this.signature = signature;
    }
  }

  /** An output column with the group and step that last wrote it, to tell Prometheus's two errors apart. */
  private static final class OutColumn {
    final double[] values;
    int lastGroup = -1;
    int lastStep = -1;

    OutColumn(double[] values) {
      this.values = values;
    }
  }

  /** Arithmetic and comparison between two vectors: one-to-one, many-to-one or one-to-many. */
  private VectorOperand vectorVector(BinaryOp op, VectorOperand lhs, VectorOperand rhs, VectorMatching m,
      boolean returnBool, StepGrid g) {
    int steps = g.size();
    boolean swapped = m.card() == VectorMatching.Cardinality.ONE_TO_MANY;
    List<StepSeries> many = swapped ? rhs.series() : lhs.series();
    List<StepSeries> one = swapped ? lhs.series() : rhs.series();
    boolean[] manyAny = anyPresent(many, steps);
    boolean[] oneAny = anyPresent(one, steps);

    Map<Labels, Group> groups = new LinkedHashMap<>();
    for (int i = 0; i < many.size(); i++) {
      Labels sig = signature(many.get(i).labels(), m);
      groups.computeIfAbsent(sig, Group::new).many.add(i);
    }
    for (int j = 0; j < one.size(); j++) {
      Labels sig = signature(one.get(j).labels(), m);
      groups.computeIfAbsent(sig, Group::new).one.add(j);
    }
    checkOneSideUnique(groups, one, manyAny, oneAny, steps, swapped);

    boolean comparison = op.isComparison();
    Map<Labels, OutColumn> outCols = new LinkedHashMap<>();
    Map<Long, OutColumn> pairCols = new HashMap<>();
    int groupNo = 0;
    for (Group grp : groups.values()) {
      groupNo++;
      if (grp.many.isEmpty() || grp.one.isEmpty()) {
        continue;
      }
      ev.guard().check();
      int[] cachedOne = new int[grp.many.size()];
      OutColumn[] cachedCol = new OutColumn[grp.many.size()];
      java.util.Arrays.fill(cachedOne, -1);
      for (int i = 0; i < steps; i++) {
        int oneIdx = -1;
        for (int j : grp.one) {
          if (!StepSeries.absent(one.get(j).values()[i])) {
            oneIdx = j;
            break;
          }
        }
        if (oneIdx < 0) {
          continue;
        }
        double oneV = one.get(oneIdx).values()[i];
        int kept = 0;
        for (int k = 0; k < grp.many.size(); k++) {
          int l = grp.many.get(k);
          double manyV = many.get(l).values()[i];
          if (StepSeries.absent(manyV)) {
            continue;
          }
          double fl = swapped ? oneV : manyV;
          double fr = swapped ? manyV : oneV;
          double value;
          if (comparison) {
            boolean keep = ArithmeticOps.compare(op, fl, fr);
            if (returnBool) {
              value = keep ? 1 : 0;
            } else if (keep) {
              value = fl;
            } else {
              continue;
            }
          } else {
            value = ArithmeticOps.apply(op, fl, fr);
          }
          OutColumn col;
          if (cachedOne[k] == oneIdx) {
            col = cachedCol[k];
          } else {
            long key = ((long) l << 32) | oneIdx;
            col = pairCols.get(key);
            if (col == null) {
              Labels res = resultLabels(many.get(l).labels(), one.get(oneIdx).labels(), op, m);
              if (returnBool) {
                res = res.withoutMetricName();
              }
              col = outCols.computeIfAbsent(res, x -> new OutColumn(StepSeries.newColumn(steps)));
              pairCols.put(key, col);
            }
            cachedOne[k] = oneIdx;
            cachedCol[k] = col;
          }
          if (m.card() == VectorMatching.Cardinality.ONE_TO_ONE && kept > 0) {
            throw new QueryException(QueryException.Kind.EXECUTION,
                "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
          }
          kept++;
          if (!StepSeries.absent(col.values[i])) {
            if (col.lastGroup == groupNo && col.lastStep == i) {
              throw new QueryException(QueryException.Kind.EXECUTION,
                  "multiple matches for labels: grouping labels must ensure unique matches");
            }
            throw new QueryException(QueryException.Kind.EXECUTION, SeriesCollector.DUPLICATE_LABELSET);
          }
          col.values[i] = value;
          col.lastGroup = groupNo;
          col.lastStep = i;
        }
      }
    }
    List<StepSeries> out = new ArrayList<>(outCols.size());
    for (Map.Entry<Labels, OutColumn> e : outCols.entrySet()) {
      out.add(new StepSeries(e.getKey(), e.getValue().values));
    }
    return new VectorOperand(out);
  }

  /**
   * Fails as Prometheus does when a match group has two series on the "one" side at a step where both sides
   * have samples: scanning steps in order and the one side in its series order, the first repeat is
   * reported (the later series first).
   */
  private static void checkOneSideUnique(Map<Labels, Group> groups, List<StepSeries> one, boolean[] manyAny,
      boolean[] oneAny, int steps, boolean swapped) {
    // One-side series that share their group with another, in one-side order, with their group number.
    List<int[]> candidates = new ArrayList<>();
    List<Labels> signatures = new ArrayList<>();
    for (Group grp : groups.values()) {
      if (grp.one.size() >= 2) {
        for (int j : grp.one) {
          candidates.add(new int[] {j, signatures.size()});
        }
        signatures.add(grp.signature);
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    candidates.sort((x, y) -> Integer.compare(x[0], y[0]));
    int[] seenAt = new int[signatures.size()];
    int[] firstOf = new int[signatures.size()];
    java.util.Arrays.fill(seenAt, -1);
    for (int i = 0; i < steps; i++) {
      if (!manyAny[i] || !oneAny[i]) {
        continue;
      }
      for (int[] c : candidates) {
        StepSeries s = one.get(c[0]);
        if (StepSeries.absent(s.values()[i])) {
          continue;
        }
        int grp = c[1];
        if (seenAt[grp] == i) {
          throw new QueryException(QueryException.Kind.EXECUTION,
              "found duplicate series for the match group " + signatures.get(grp) + " on the "
                  + (swapped ? "left" : "right") + " hand-side of the operation: [" + s.labels() + ", "
                  + one.get(firstOf[grp]).labels() + "]"
                  + ";many-to-many matching not allowed: matching labels must be unique on one side");
        }
        seenAt[grp] = i;
        firstOf[grp] = c[0];
      }
    }
  }

  private static boolean[] anyPresent(List<StepSeries> series, int steps) {
    boolean[] any = new boolean[steps];
    for (StepSeries s : series) {
      for (int i = 0; i < steps; i++) {
        if (!StepSeries.absent(s.values()[i])) {
          any[i] = true;
        }
      }
    }
    return any;
  }

  /** Prometheus's {@code resultMetric}: labels of the "many" side, trimmed by matching, plus group_x labels. */
  private static Labels resultLabels(Labels manyL, Labels oneL, BinaryOp op, VectorMatching m) {
    Labels.Builder b = manyL.toBuilder();
    if (ArithmeticOps.dropsMetricName(op)) {
      b.delete(Labels.METRIC_NAME);
    }
    if (m.card() == VectorMatching.Cardinality.ONE_TO_ONE) {
      if (m.on()) {
        Set<String> keep = new HashSet<>(m.matchingLabels());
        for (String name : manyL.names()) {
          if (!keep.contains(name)) {
            b.delete(name);
          }
        }
      } else {
        for (String name : m.matchingLabels()) {
          b.delete(name);
        }
      }
    }
    for (String name : m.include()) {
      b.set(name, oneL.get(name));
    }
    return b.build();
  }
}
