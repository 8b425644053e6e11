package io.promethium.promql.engine;

import io.promethium.core.labels.Labels;
import io.promethium.core.storage.Queryable;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.ParenExpr;
import io.promethium.promql.ast.SubqueryExpr;
import io.promethium.promql.ast.ValueType;
import io.promethium.promql.engine.Operand.ScalarOperand;
import io.promethium.promql.engine.Operand.StringOperand;
import io.promethium.promql.engine.Operand.VectorOperand;
import io.promethium.promql.parser.ParseException;
import io.promethium.promql.parser.PromQLParser;
import io.promethium.promql.value.Matrix;
import io.promethium.promql.value.RangeSeries;
import io.promethium.promql.value.Sample;
import io.promethium.promql.value.Scalar;
import io.promethium.promql.value.StringValue;
import io.promethium.promql.value.Value;
import io.promethium.promql.value.Vector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The PromQL engine: parses and evaluates instant and range queries against a {@link Queryable}, with
 * Prometheus 2.48's semantics (lookback, staleness, {@code offset}/{@code @}, subqueries, vector matching,
 * every float function and aggregation). Native histograms are not supported: their functions return empty
 * results.
 *
 * <p>Evaluation is columnar: each expression node is evaluated once for all steps of the query, series by
 * series, so label work happens once per series and not once per step. Memory is bounded by the series
 * selected times the steps, plus one series' raw samples at a time for range functions.
 *
 * <table>
 *   <caption>Limits (from {@link EngineOptions})</caption>
 *   <tr><th>limit</th><th>default</th><th>failure</th></tr>
 *   <tr><td>timeout</td><td>2m</td><td>{@code TIMEOUT}: query timed out in expression evaluation</td></tr>
 *   <tr><td>max samples held</td><td>50,000,000</td><td>{@code EXECUTION}: query processing would load too many
 *   samples into memory in query execution</td></tr>
 *   <tr><td>lookback delta</td><td>5m</td><td>-</td></tr>
 * </table>
 *
 * <p>Thread-safe; concurrency limits are the caller's (the HTTP API queues on {@code --query.max-concurrency}).
 */
public final class Engine {
  private final EngineOptions options;

  public Engine(EngineOptions options) {
    // Zero means "default" for the durations, as Prometheus's engine treats them.
    this.options = new EngineOptions(
        positiveOr(options.lookbackDelta(), Duration.ofMinutes(5)),
        options.timeout(),
        options.maxSamples() <= 0 ? Long.MAX_VALUE : options.maxSamples(),
        positiveOr(options.noStepSubqueryInterval(), Duration.ofMinutes(1)));
  }

  private static Duration positiveOr(Duration d, Duration dflt) {
    return d == null || d.isZero() || d.isNegative() ? dflt : d;
  }

  public EngineOptions options() {
    return options;
  }

  /**
   * Evaluates {@code expr} at one instant.
   *
   * @throws QueryException of kind BAD_DATA for a parse error, or the evaluation failure
   */
  public QueryResult instantQuery(Queryable storage, String expr, long timeMillis) {
    return instantQuery(storage, parse(expr), timeMillis, null);
  }

  /**
   * Evaluates a parsed expression at one instant; {@code canceled} (may be null) is polled during
   * evaluation and ends it with a {@code CANCELED} failure once it returns true.
   */
  public QueryResult instantQuery(Queryable storage, Expr expr, long timeMillis, BooleanSupplier canceled) {
    try {
      return evalInstant(storage, expr, timeMillis, canceled);
    } catch (QueryException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unexpected(e);
    }
  }

  private QueryResult evalInstant(Queryable storage, Expr expr, long timeMillis, BooleanSupplier canceled) {
    long t0 = System.nanoTime();
    QueryGuard guard = new QueryGuard(options.timeout().toNanos(), canceled, options.maxSamples());
    List<String> warnings = new ArrayList<>();
    Evaluator ev = new Evaluator(storage, options, guard, warnings, timeMillis, timeMillis);
    StepGrid grid = StepGrid.instant(timeMillis);
    Value value;
    Expr unwrapped = expr;
    while (unwrapped instanceof ParenExpr p) {
      unwrapped = p.expr();
    }
    if (unwrapped instanceof MatrixSelector || unwrapped instanceof SubqueryExpr) {
      value = rangeValue(ev, unwrapped, grid);
    } else {
      Operand o = ev.eval(expr, grid);
      if (o instanceof ScalarOperand s) {
        value = new Scalar(timeMillis, s.values()[0]);
      } else if (o instanceof StringOperand s) {
        value = new StringValue(timeMillis, s.value());
      } else {
        VectorOperand v = (VectorOperand) o;
        List<Sample> samples = new ArrayList<>(v.series().size());
        for (StepSeries s : v.series()) {
          double x = s.values()[0];
          if (!StepSeries.absent(x)) {
            samples.add(new Sample(s.labels(), timeMillis, x));
          }
        }
        value = new Vector(samples);
      }
    }
    return new QueryResult(value, List.copyOf(warnings), stats(t0, guard));
  }

  /**
   * Evaluates {@code expr} at every step from start to end (inclusive, milliseconds); the result is a
   * {@link io.promethium.promql.value.Matrix} sorted by labels.
   */
  public QueryResult rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis) {
    return rangeQuery(storage, parse(expr), startMillis, endMillis, stepMillis, null);
  }

  /** {@link #rangeQuery(Queryable, String, long, long, long)} for a parsed expression, with cancellation. */
  public QueryResult rangeQuery(Queryable storage, Expr expr, long startMillis, long endMillis, long stepMillis,
      BooleanSupplier canceled) {
    try {
      return evalRange(storage, expr, startMillis, endMillis, stepMillis, canceled);
    } catch (QueryException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unexpected(e);
    }
  }

  /**
   * A failure the engine did not anticipate (a storage's unchecked exception, or a bug): reported as
   * {@code INTERNAL} with its message, the cause kept for logs.
   */
  private static QueryException unexpected(RuntimeException e) {
    return new QueryException(QueryException.Kind.INTERNAL, "unexpected error: " + e, e);
  }

  private QueryResult evalRange(Queryable storage, Expr expr, long startMillis, long endMillis, long stepMillis,
      BooleanSupplier canceled) {
    if (expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
      throw new QueryException(QueryException.Kind.BAD_DATA, "invalid expression type \""
          + expr.type().documentedName() + "\" for range query, must be Scalar or instant Vector");
    }
    if (stepMillis <= 0) {
      throw new QueryException(QueryException.Kind.BAD_DATA,
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    if (endMillis < startMillis) {
      throw new QueryException(QueryException.Kind.BAD_DATA, "end timestamp must not be before start time");
    }
    long t0 = System.nanoTime();
    QueryGuard guard = new QueryGuard(options.timeout().toNanos(), canceled, options.maxSamples());
    List<String> warnings = new ArrayList<>();
    Evaluator ev = new Evaluator(storage, options, guard, warnings, startMillis, endMillis);
    StepGrid grid = new StepGrid(startMillis, endMillis, stepMillis);
    Operand o = ev.eval(expr, grid);
    List<RangeSeries> out = new ArrayList<>();
    if (o instanceof ScalarOperand s) {
      out.add(toRangeSeries(Labels.EMPTY, s.values(), grid));
    } else if (o instanceof VectorOperand v) {
      for (StepSeries s : v.series()) {
        RangeSeries rs = toRangeSeries(s.labels(), s.values(), grid);
        if (rs.size() > 0) {
          out.add(rs);
        }
      }
      out.sort(Comparator.comparing(RangeSeries::labels));
    } else {
      throw new QueryException(QueryException.Kind.BAD_DATA,
          "invalid expression type \"string\" for range query, must be Scalar or instant Vector");
    }
    return new QueryResult(new Matrix(out), List.copyOf(warnings), stats(t0, guard));
  }

  /** Parses a query, mapping syntax and type errors to {@code BAD_DATA}. */
  public static Expr parse(String expr) {
    try {
      return PromQLParser.parseExpr(expr);
    } catch (ParseException e) {
      throw new QueryException(QueryException.Kind.BAD_DATA, e.getMessage());
    } catch (RuntimeException e) {
      throw unexpected(e);
    }
  }

  private static RangeSeries toRangeSeries(Labels labels, double[] values, StepGrid grid) {
    int n = 0;
    for (double v : values) {
      if (!StepSeries.absent(v)) {
        n++;
      }
    }
    long[] ts = new long[n];
    double[] vs = new double[n];
    int k = 0;
    for (int i = 0; i < values.length; i++) {
      if (!StepSeries.absent(values[i])) {
        ts[k] = grid.time(i);
        vs[k] = values[i];
        k++;
      }
    }
    return new RangeSeries(labels, ts, vs, n);
  }

  /** The top-level range vector of an instant query: each series' samples inside the window. */
  private static Matrix rangeValue(Evaluator ev, Expr e, StepGrid grid) {
    Evaluator.RangeArg ra = ev.rangeArg(e, grid, null);
    long ref = ra.refs()[0];
    long lo = ref - ra.range();
    List<RangeSeries> out = new ArrayList<>();
    try (RangeSource src = ra.source()) {
      while (src.next()) {
        long[] t = src.times();
        double[] v = src.values();
        int from = 0;
        while (from < src.size() && t[from] < lo) {
          from++;
        }
        int to = from;
        while (to < src.size() && t[to] <= ref) {
          to++;
        }
        if (to > from) {
          ev.guard().hold(to - from);
          out.add(new RangeSeries(src.labels(), Arrays.copyOfRange(t, from, to), Arrays.copyOfRange(v, from, to),
              to - from));
        }
      }
    }
    return new Matrix(out);
  }

  private static QueryStats stats(long t0, QueryGuard guard) {
    double total = (System.nanoTime() - t0) / 1e9;
    return new QueryStats(total, 0, 0, total, 0, guard.totalQueryable(), guard.peak());
  }
}
