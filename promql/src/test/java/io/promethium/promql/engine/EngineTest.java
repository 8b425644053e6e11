package io.promethium.promql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.StaleNaN;
import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.AggregateOp;
import io.promethium.promql.ast.VectorSelector;
import io.promethium.promql.promqltest.MemoryStorageAccess;
import io.promethium.promql.value.Matrix;
import io.promethium.promql.value.RangeSeries;
import io.promethium.promql.value.Sample;
import io.promethium.promql.value.Scalar;
import io.promethium.promql.value.Vector;
import io.promethium.core.storage.Storage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Engine behaviour beyond the upstream scripts: error texts, limits, result shapes. */
class EngineTest {
  private static final Engine ENGINE = new Engine(EngineOptions.defaults());

  /** a{x} counters every 15s for 1h, b one series, c two series with the same match labels. */
  private static Storage storage() {
    Storage s = MemoryStorageAccess.create();
    for (int i = 0; i <= 240; i++) {
      long t = i * 15_000L;
      MemoryStorageAccess.add(s, Labels.of("__name__", "a", "job", "j", "x", "1"), t, i * 10.0);
      MemoryStorageAccess.add(s, Labels.of("__name__", "a", "job", "j", "x", "2"), t, i * 20.0);
      MemoryStorageAccess.add(s, Labels.of("__name__", "b", "job", "j"), t, 2);
      MemoryStorageAccess.add(s, Labels.of("__name__", "d", "job", "j"), t, 5);
      MemoryStorageAccess.add(s, Labels.of("__name__", "c", "job", "j", "y", "1"), t, 3);
      MemoryStorageAccess.add(s, Labels.of("__name__", "c", "job", "j", "y", "2"), t, 4);
      MemoryStorageAccess.add(s, Labels.of("__name__", "v", "job", "j"), t, i % 3 == 0 ? 0.1 : 1e21);
    }
    return s;
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("a + on(job) c", QueryException.Kind.EXECUTION,
            "found duplicate series for the match group {job=\"j\"} on the right hand-side of the operation: "
                + "[{__name__=\"c\", job=\"j\", y=\"2\"}, {__name__=\"c\", job=\"j\", y=\"1\"}]"
                + ";many-to-many matching not allowed: matching labels must be unique on one side"),
        Arguments.of("c + on(job) group_right a", QueryException.Kind.EXECUTION,
            "found duplicate series for the match group {job=\"j\"} on the left hand-side of the operation: "
                + "[{__name__=\"c\", job=\"j\", y=\"2\"}, {__name__=\"c\", job=\"j\", y=\"1\"}]"
                + ";many-to-many matching not allowed: matching labels must be unique on one side"),
        Arguments.of("a + on(job) b", QueryException.Kind.EXECUTION,
            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)"),
        Arguments.of("-{__name__=~\"b|d\"}", QueryException.Kind.EXECUTION,
            "vector cannot contain metrics with the same labelset"),
        Arguments.of("{__name__=~\"b|d\"} * 2", QueryException.Kind.EXECUTION,
            "vector cannot contain metrics with the same labelset"),
        Arguments.of("rate({__name__=~\"b|d\"}[5m])", QueryException.Kind.EXECUTION,
            "vector cannot contain metrics with the same labelset"),
        Arguments.of("label_replace(a, \"x\", \"$1\", \"job\", \"(\")", QueryException.Kind.EXECUTION,
            "invalid regular expression in label_replace(): ("),
        Arguments.of("label_replace(a, \"1x\", \"$1\", \"job\", \"(.*)\")", QueryException.Kind.EXECUTION,
            "invalid destination label name in label_replace(): 1x"),
        Arguments.of("holt_winters(a[5m], 1, 0.5)", QueryException.Kind.EXECUTION,
            "invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000"),
        Arguments.of("topk(NaN, a)", QueryException.Kind.EXECUTION, "Scalar value NaN overflows int64"),
        Arguments.of("count_values(\"a-b\", a)", QueryException.Kind.EXECUTION, "invalid label name \"a-b\""),
        Arguments.of("sum(", QueryException.Kind.BAD_DATA, null));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void errorTexts(String q, QueryException.Kind kind, String message) {
    QueryException e = assertThrows(QueryException.class, () -> ENGINE.instantQuery(storage(), q, 600_000));
    assertEquals(kind, e.kind(), e.getMessage());
    if (message != null) {
      assertEquals(message, e.getMessage());
    }
  }

  @Test
  void tooManySamples() {
    Engine small = new Engine(new EngineOptions(Duration.ofMinutes(5), Duration.ofMinutes(1), 100, Duration.ofMinutes(1)));
    QueryException e = assertThrows(QueryException.class,
        () -> small.rangeQuery(storage(), "a", 0, 3_600_000, 15_000));
    assertEquals(QueryException.Kind.EXECUTION, e.kind());
    assertEquals("query processing would load too many samples into memory in query execution", e.getMessage());
    // A query within the limit passes.
    small.instantQuery(storage(), "sum(a)", 600_000);
  }

  @Test
  void aggregationsFoldSeriesWithoutHoldingThem() {
    // 2 series x 237 steps of rate output would exceed 300 held samples; summed, one series of 237 fits.
    Engine small = new Engine(new EngineOptions(Duration.ofMinutes(5), Duration.ofMinutes(1), 300, Duration.ofMinutes(1)));
    assertThrows(QueryException.class, () -> small.rangeQuery(storage(), "rate(a[1m])", 60_000, 3_600_000, 15_000));
    Matrix m = assertInstanceOf(Matrix.class,
        small.rangeQuery(storage(), "sum(rate(a[1m]))", 60_000, 3_600_000, 15_000).value());
    assertEquals(1, m.series().size());
    assertEquals(30.0 / 15, m.series().get(0).value(0), 1e-12);
  }

  @Test
  void streamedAggregationFallsBackWhenNamesCollide() {
    // b and d both become {job="j"} once "* 2" drops the name: same steps, so Prometheus's error.
    QueryException e = assertThrows(QueryException.class,
        () -> ENGINE.rangeQuery(storage(), "sum({__name__=~\"b|d\"} * 2)", 0, 600_000, 60_000));
    assertEquals(SeriesCollector.DUPLICATE_LABELSET, e.getMessage());
    // e and f collide too but never at the same step: merged, as Prometheus does.
    Storage s = storage();
    for (int i = 0; i <= 10; i++) {
      MemoryStorageAccess.add(s, Labels.of("__name__", "e", "job", "k"), i * 15_000L, 1);
      MemoryStorageAccess.add(s, Labels.of("__name__", "f", "job", "k"), 1_800_000 + i * 15_000L, 3);
    }
    Matrix m = assertInstanceOf(Matrix.class,
        ENGINE.rangeQuery(s, "sum by (job) ({__name__=~\"e|f\"} * 2)", 0, 1_800_000, 600_000).value());
    assertEquals(1, m.series().size());
    assertEquals(2, m.series().get(0).value(0));
    assertEquals(6, m.series().get(0).value(m.series().get(0).size() - 1));
    // Streamed through "* 2": 237 steps of one summed series fit where 2 x 237 rate points would not.
    Engine small = new Engine(new EngineOptions(Duration.ofMinutes(5), Duration.ofMinutes(1), 300, Duration.ofMinutes(1)));
    small.rangeQuery(storage(), "sum(rate(a[1m]) * 2)", 60_000, 3_600_000, 15_000);
  }

  @Test
  void cancellationAndTimeout() {
    AtomicInteger polls = new AtomicInteger();
    QueryException canceled = assertThrows(QueryException.class, () -> ENGINE.rangeQuery(storage(),
        Engine.parse("sum(rate(a[5m]))"), 0, 3_600_000, 15_000, () -> polls.incrementAndGet() > 1));
    assertEquals(QueryException.Kind.CANCELED, canceled.kind());
    assertEquals("query was canceled in expression evaluation", canceled.getMessage());

    Engine instantTimeout = new Engine(new EngineOptions(Duration.ofMinutes(5), Duration.ofNanos(1), 1000,
        Duration.ofMinutes(1)));
    QueryException timeout = assertThrows(QueryException.class,
        () -> instantTimeout.rangeQuery(storage(), "sum(a)", 0, 3_600_000, 15_000));
    assertEquals(QueryException.Kind.TIMEOUT, timeout.kind());
    assertEquals("query timed out in expression evaluation", timeout.getMessage());
  }

  @Test
  void rangeQueryRejectsRangeVectorsAndStrings() {
    QueryException e = assertThrows(QueryException.class, () -> ENGINE.rangeQuery(storage(), "a[5m]", 0, 60_000, 15_000));
    assertEquals(QueryException.Kind.BAD_DATA, e.kind());
    assertEquals("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector",
        e.getMessage());
    e = assertThrows(QueryException.class, () -> ENGINE.rangeQuery(storage(), "\"x\"", 0, 60_000, 15_000));
    assertEquals("invalid expression type \"string\" for range query, must be Scalar or instant Vector",
        e.getMessage());
  }

  @Test
  void instantMatrixSelectorReturnsRawSamplesInClosedWindow() {
    Matrix m = assertInstanceOf(Matrix.class, ENGINE.instantQuery(storage(), "b[1m]", 600_000).value());
    RangeSeries s = m.series().get(0);
    // [540s, 600s] holds samples at 540, 555, 570, 585, 600.
    assertEquals(5, s.size());
    assertEquals(540_000, s.timestamp(0));
    assertEquals(600_000, s.timestamp(4));
    assertEquals(Labels.of("__name__", "b", "job", "j"), s.labels());
  }

  @Test
  void rangeQueryOfScalarAndRate() {
    Matrix m = assertInstanceOf(Matrix.class, ENGINE.rangeQuery(storage(), "time()", 0, 60_000, 30_000).value());
    assertEquals(1, m.series().size());
    assertEquals(Labels.EMPTY, m.series().get(0).labels());
    assertEquals(3, m.series().get(0).size());
    assertEquals(60.0, m.series().get(0).value(2));

    Matrix r = assertInstanceOf(Matrix.class,
        ENGINE.rangeQuery(storage(), "rate(a[1m])", 600_000, 660_000, 30_000).value());
    assertEquals(2, r.series().size());
    assertEquals(Labels.of("job", "j", "x", "1"), r.series().get(0).labels());
    for (int i = 0; i < 3; i++) {
      assertEquals(10.0 / 15, r.series().get(0).value(i), 1e-12);
      assertEquals(20.0 / 15, r.series().get(1).value(i), 1e-12);
    }
  }

  @Test
  void countValuesFormatsLikeGo() {
    Vector v = assertInstanceOf(Vector.class,
        ENGINE.instantQuery(storage(), "count_values(\"val\", v)", 600_000).value());
    // at 600s, i = 40, not a multiple of 3
    assertEquals(List.of(new Sample(Labels.of("val", "1000000000000000000000"), 600_000, 1)), v.samples());
    v = assertInstanceOf(Vector.class, ENGINE.instantQuery(storage(), "count_values(\"val\", v)", 585_000).value());
    assertEquals(List.of(new Sample(Labels.of("val", "0.1"), 585_000, 1)), v.samples());
  }

  @Test
  void labelReplaceUsesGoTemplateRules() {
    Vector v = assertInstanceOf(Vector.class, ENGINE.instantQuery(storage(),
        "label_replace(b, \"dst\", \"<$1x>-<${1}x>-$$\", \"job\", \"(.*)\")", 600_000).value());
    assertEquals("<>-<jx>-$", v.samples().get(0).labels().get("dst"));
  }

  @Test
  void subqueryStepsAreAlignedToMultiplesOfTheStep() {
    // count_over_time over a 1m subquery with 20s steps, evaluated at 70s: steps at 20s, 40s, 60s.
    Scalar s = assertInstanceOf(Scalar.class,
        ENGINE.instantQuery(storage(), "scalar(count_over_time(b[1m:20s]))", 70_000).value());
    assertEquals(3, s.value());
    // at 80s: 20s, 40s, 60s, 80s (closed window).
    s = assertInstanceOf(Scalar.class,
        ENGINE.instantQuery(storage(), "scalar(count_over_time(b[1m:20s]))", 80_000).value());
    assertEquals(4, s.value());
  }

  @Test
  void staleMarkerEndsSeriesAndLookbackIsInclusive() {
    Storage s = MemoryStorageAccess.create();
    Labels l = Labels.of("__name__", "m");
    MemoryStorageAccess.add(s, l, 0, 1);
    MemoryStorageAccess.add(s, l, 10_000, StaleNaN.VALUE);
    MemoryStorageAccess.add(s, l, 20_000, 2);
    assertEquals(0, ((Vector) ENGINE.instantQuery(s, "m", 15_000).value()).samples().size());
    assertEquals(1, ((Vector) ENGINE.instantQuery(s, "m", 5_000).value()).samples().size());
    // The sample at 20s is still visible exactly 5m later.
    assertEquals(1, ((Vector) ENGINE.instantQuery(s, "m", 320_000).value()).samples().size());
    assertEquals(0, ((Vector) ENGINE.instantQuery(s, "m", 320_001).value()).samples().size());
  }

  @Test
  void storageFailuresAndWarningsReachTheCaller() {
    Storage inner = storage();
    io.promethium.core.storage.Queryable failing = (minT, maxT) -> {
      io.promethium.core.storage.Querier q = inner.querier(minT, maxT);
      return new io.promethium.core.storage.Querier() {
        @Override
        public io.promethium.core.storage.SeriesSet select(boolean sorted, io.promethium.core.storage.SelectHints h,
            io.promethium.core.labels.Matcher... ms) {
          io.promethium.core.storage.SeriesSet set = q.select(sorted, h, ms);
          boolean fail = ms[0].value().equals("b");
          return new io.promethium.core.storage.SeriesSet() {
            @Override
            public boolean next() {
              return !fail && set.next();
            }

            @Override
            public io.promethium.core.storage.Series at() {
              return set.at();
            }

            @Override
            public io.promethium.core.storage.StorageException error() {
              return fail ? new io.promethium.core.storage.StorageException("chunk 7 corrupt") : null;
            }

            @Override
            public List<String> warnings() {
              return List.of("skipped block 01X");
            }
          };
        }

        @Override
        public List<String> labelValues(String name, io.promethium.core.labels.Matcher... m)
            throws io.promethium.core.storage.StorageException {
          return q.labelValues(name, m);
        }

        @Override
        public List<String> labelNames(io.promethium.core.labels.Matcher... m)
            throws io.promethium.core.storage.StorageException {
          return q.labelNames(m);
        }

        @Override
        public void close() {
          q.close();
        }
      };
    };
    QueryResult ok = ENGINE.instantQuery(failing, "sum(a)", 600_000);
    assertEquals(List.of("skipped block 01X"), ok.warnings());
    QueryException e = assertThrows(QueryException.class,
        () -> ENGINE.rangeQuery(failing, "rate(b[1m])", 0, 600_000, 60_000));
    assertEquals(QueryException.Kind.INTERNAL, e.kind());
    assertEquals("read series: chunk 7 corrupt", e.getMessage());
  }

  @Test
  void astBuiltQueriesEvaluate() {
    VectorSelector sel = new VectorSelector("a", List.of(Matcher.equal("__name__", "a")), 0, null);
    AggregateExpr sum = new AggregateExpr(AggregateOp.SUM, sel, null, List.of("job"), false);
    Vector v = assertInstanceOf(Vector.class, ENGINE.instantQuery(storage(), sum, 600_000, null).value());
    assertEquals(List.of(new Sample(Labels.of("job", "j"), 600_000, 40 * 10 + 40 * 20)), v.samples());
    assertTrue(ENGINE.instantQuery(storage(), sum, 600_000, null).stats().totalQueryableSamples() > 0);
  }
}
