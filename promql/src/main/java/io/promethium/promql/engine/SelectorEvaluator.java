package io.promethium.promql.engine;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.Queryable;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SelectHints;
import io.promethium.core.storage.Series;
import io.promethium.core.storage.SeriesSet;
import io.promethium.core.storage.StaleNaN;
import io.promethium.core.storage.StorageException;
import io.promethium.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads vector and matrix selectors from storage. An instant selector streams each series once across all
 * steps (the per-step lookback walk keeps only the previous sample), so memory is one output column per
 * series; a matrix selector hands out one series' samples at a time. Confined to one query.
 */
final class SelectorEvaluator {
  private final Queryable storage;
  private final QueryGuard guard;
  private final List<String> warnings;
  private final long lookbackMillis;

  SelectorEvaluator(Queryable storage, QueryGuard guard, List<String> warnings, long lookbackMillis) {
    this.storage = storage;
    this.guard = guard;
    this.warnings = warnings;
    this.lookbackMillis = lookbackMillis;
  }

  /**
   * The instant vector of {@code vs} at each reference time ({@code refs[i]} is the step time minus the
   * offset, or the {@code @} time; non-decreasing): the latest sample within the lookback window unless it
   * is a stale marker.
   *
   * @param timestampValues output the sample timestamp in seconds instead of its value ({@code timestamp()})
   */
  Operand.VectorOperand instant(VectorSelector vs, long[] refs, long step, boolean timestampValues) {
    List<StepSeries> out = new ArrayList<>();
    long points = walk(vs, refs, step, timestampValues, false, (l, v) -> out.add(new StepSeries(l, v)));
    guard.hold(points);
    return new Operand.VectorOperand(out);
  }

  /** As {@link #instant} but hands each series to {@code sink} in one reused column. */
  void stream(VectorSelector vs, long[] refs, long step, SeriesSink sink) {
    walk(vs, refs, step, false, true, sink);
  }

  /** Reads every series once across all steps; returns the number of output points. */
  private long walk(VectorSelector vs, long[] refs, long step, boolean timestampValues, boolean reuse,
      SeriesSink sink) {
    int n = refs.length;
    long minT = refs[0] - lookbackMillis;
    long maxT = refs[n - 1];
    long points = 0;
    double[] shared = reuse ? new double[n] : null;
    try (Querier q = open(minT, maxT)) {
      SeriesSet set = q.select(true, new SelectHints(minT, maxT, step, null, 0), matchers(vs));
      SampleIterator it = null;
      while (set.next()) {
        guard.check();
        Series s = set.at();
        it = s.iterator(it);
        double[] col = null;
        boolean has = it.seek(minT);
        boolean haveLast = false;
        long lastT = 0;
        double lastV = 0;
        long read = 0;
        for (int i = 0; i < n; i++) {
          long ref = refs[i];
          while (has && it.timestamp() <= ref) {
            lastT = it.timestamp();
            lastV = it.value();
            haveLast = true;
            read++;
            has = it.next();
          }
          if (haveLast && lastT >= ref - lookbackMillis && !StaleNaN.is(lastV)) {
            if (col == null) {
              if (reuse) {
                col = shared;
                java.util.Arrays.fill(col, StepSeries.ABSENT);
              } else {
                col = StepSeries.newColumn(n);
              }
            }
            col[i] = timestampValues ? lastT / 1000.0 : sanitize(lastV);
            points++;
          }
        }
        checkError(it.error());
        guard.countQueryable(read);
        if (col != null) {
          sink.accept(s.labels(), col);
        }
      }
      finish(set);
    }
    return points;
  }

  /** The series of a matrix selector with their non-stale samples in {@code [minT, maxT]}. */
  RangeSource range(VectorSelector vs, long minT, long maxT, long step, long range, String func) {
    Querier q = open(minT, maxT);
    SeriesSet set;
    try {
      set = q.select(true, new SelectHints(minT, maxT, step, func, range), matchers(vs));
    } catch (RuntimeException e) {
      q.close();
      throw e;
    }
    return new StorageRangeSource(q, set, minT, maxT);
  }

  private Querier open(long minT, long maxT) {
    try {
      return storage.querier(minT, maxT);
    } catch (StorageException e) {
      throw new QueryException(QueryException.Kind.INTERNAL, "open querier: " + e.getMessage(), e);
    }
  }

  private static Matcher[] matchers(VectorSelector vs) {
    return vs.matchers().toArray(new Matcher[0]);
  }

  private void finish(SeriesSet set) {
    checkError(set.error());
    warnings.addAll(set.warnings());
  }

  private static void checkError(StorageException e) {
    if (e != null) {
      throw new QueryException(QueryException.Kind.INTERNAL, "read series: " + e.getMessage(), e);
    }
  }

  /** Maps a stored NaN that happens to carry the engine's absent marker bits to an ordinary NaN. */
  static double sanitize(double v) {
    return StepSeries.absent(v) ? Double.NaN : v;
  }

  private final class StorageRangeSource implements RangeSource {
    private final Querier querier;
    private final SeriesSet set;
    private final long minT;
    private final long maxT;
    private SampleIterator it;
    private Labels labels;
    private long[] times = new long[256];
    private double[] values = new double[256];
    private int size;

    StorageRangeSource(Querier querier, SeriesSet set, long minT, long maxT) {
      this.querier = querier;
      this.set = set;
      this.minT = minT;
      this.maxT = maxT;
    }

    @Override
    public boolean next() {
      if (!set.next()) {
        finish(set);
        return false;
      }
      guard.check();
      Series s = set.at();
      labels = s.labels();
      it = s.iterator(it);
      size = 0;
      if (it.seek(minT)) {
        do {
          long t = it.timestamp();
          if (t > maxT) {
            break;
          }
          double v = it.value();
          if (StaleNaN.is(v)) {
            continue;
          }
          if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
          }
          times[size] = t;
          values[size] = sanitize(v);
          size++;
        } while (it.next());
      }
      checkError(it.error());
      guard.countQueryable(size);
      return true;
    }

    @Override
    public Labels labels() {
      return labels;
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
      querier.close();
    }
  }
}
