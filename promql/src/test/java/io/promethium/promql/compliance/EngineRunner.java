package io.promethium.promql.compliance;

import io.promethium.core.labels.Labels;
import io.promethium.core.storage.Queryable;
import io.promethium.promql.engine.Engine;
import io.promethium.promql.engine.QueryException;
import io.promethium.promql.value.Matrix;
import io.promethium.promql.value.RangeSeries;
import io.promethium.promql.value.Sample;
import io.promethium.promql.value.Scalar;
import io.promethium.promql.value.StringValue;
import io.promethium.promql.value.Value;
import io.promethium.promql.value.Vector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs queries on our {@link Engine} and turns its values into {@link RangeResult}s shaped like the reference's
 * JSON answers, so both sides go through the same comparison. A {@link QueryException} becomes a failed result
 * with its kind and message; any other exception (an engine bug) becomes a failed result saying it crashed.
 * Thread-safe as the engine is.
 */
final class EngineRunner {
  private final Engine engine;

  EngineRunner(Engine engine) {
    this.engine = engine;
  }

  RangeResult range(Queryable storage, String query, long start, long end, long step) {
    try {
      Value v = engine.rangeQuery(storage, query, start, end, step).value();
      if (!(v instanceof Matrix m)) {
        return RangeResult.failure("range query returned " + v.getClass().getSimpleName());
      }
      return RangeResult.success(toSeries(m));
    } catch (QueryException e) {
      return RangeResult.failure(e.kind() + ": " + e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      return RangeResult.failure("crashed: " + e);
    }
  }

  RangeResult instant(Queryable storage, String query, long time) {
    try {
      Value v = engine.instantQuery(storage, query, time).value();
      if (v instanceof Scalar s) {
        return RangeResult.success("scalar", List.of(new RangeResult.Series(Labels.EMPTY, new long[] {s.timestamp()},
            new double[] {s.value()})));
      }
      if (v instanceof StringValue s) {
        return RangeResult.success("string", List.of(new RangeResult.Series(Labels.of("value", s.value()),
            new long[] {s.timestamp()}, new double[] {0})));
      }
      if (v instanceof Vector vec) {
        List<RangeResult.Series> out = new ArrayList<>(vec.samples().size());
        for (Sample s : vec.samples()) {
          out.add(new RangeResult.Series(s.labels(), new long[] {s.timestamp()}, new double[] {s.value()}));
        }
        return RangeResult.success("vector", out);
      }
      return RangeResult.success("matrix", toSeries((Matrix) v));
    } catch (QueryException e) {
      return RangeResult.failure(e.kind() + ": " + e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      return RangeResult.failure("crashed: " + e);
    }
  }

  private static List<RangeResult.Series> toSeries(Matrix m) {
    List<RangeResult.Series> out = new ArrayList<>(m.series().size());
    for (RangeSeries s : m.series()) {
      out.add(new RangeResult.Series(s.labels(), Arrays.copyOf(s.timestamps(), s.size()),
          Arrays.copyOf(s.values(), s.size())));
    }
    return out;
  }
}
