package io.promethium.http.api;

import io.promethium.core.metrics.Gauge;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.Queryable;
import io.promethium.http.ApiBackend;
import io.promethium.http.ApiError;
import io.promethium.http.ApiRequest;
import io.promethium.http.ApiResponse;
import io.promethium.http.QueryEngine;
import io.promethium.http.WebServerOptions;
import io.promethium.http.json.JsonWriter;
import io.promethium.http.metrics.QueryDurationSummary;
import io.promethium.promql.engine.QueryException;
import io.promethium.promql.engine.QueryResult;
import io.promethium.promql.engine.QueryStats;
import io.promethium.promql.parser.ParseException;
import io.promethium.promql.parser.PromQLParser;
import io.promethium.promql.value.Matrix;
import io.promethium.promql.value.RangeSeries;
import io.promethium.promql.value.Sample;
import io.promethium.promql.value.Scalar;
import io.promethium.promql.value.StringValue;
import io.promethium.promql.value.Value;
import io.promethium.promql.value.Vector;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /api/v1/query} and {@code /api/v1/query_range}: parameter checks with Prometheus's messages, then
 * the engine on a bounded query pool. At most {@code --query.max-concurrency} queries run; others wait for
 * a slot until their timeout ({@code --query.timeout}, or the smaller {@code timeout} parameter) runs out,
 * then fail with {@code timeout} (503), as Prometheus's active query tracker does. Thread-safe.
 */
final class QueryApi implements AutoCloseable {
  /** api.go's cap on points per series of a range query. */
  static final long MAX_POINTS = 11_000;

  private final WebServerOptions options;
  private final ApiBackend backend;
  private final Semaphore slots;
  private final ExecutorService pool;
  private final QueryDurationSummary durations;
  private final Gauge queries;

  QueryApi(WebServerOptions options, ApiBackend backend, MetricsRegistry registry, QueryDurationSummary durations) {
    this.options = options;
    this.backend = backend;
    this.durations = durations;
    int n = options.queryMaxConcurrency();
    this.slots = new Semaphore(n, true);
    AtomicInteger ids = new AtomicInteger();
    ThreadPoolExecutor tpe = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "query-" + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    tpe.allowCoreThreadTimeOut(true);
    this.pool = tpe;
    this.queries = registry.gauge("prometheus_engine_queries",
        "The current number of queries being executed or waiting.");
    registry.gauge("prometheus_engine_queries_concurrent_max", "The max number of concurrent queries.").set(n);
  }

  ApiResponse instant(ApiRequest req) {
    long now = System.currentTimeMillis();
    long ts = ApiParams.timeParam(req, "time", now);
    long timeoutMillis = timeout(req);
    String expr = req.formValue("query");
    checkSyntax(expr);
    QueryResult res = execute(req, timeoutMillis,
        (engine, q) -> () -> engine.instantQuery(q, expr, ts));
    return render(req, res);
  }

  ApiResponse range(ApiRequest req) {
    long start = ApiParams.requiredTime(req, "start");
    long end = ApiParams.requiredTime(req, "end");
    if (end < start) {
      throw ApiParams.invalidParam("end", "end timestamp must not be before start time");
    }
    long step;
    try {
      step = ApiParams.parseDurationMillis(req.formValue("step"));
    } catch (IllegalArgumentException e) {
      throw ApiParams.invalidParam("step", e.getMessage());
    }
    if (step <= 0) {
      throw ApiParams.invalidParam("step",
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    // For safety, limit the number of returned points per timeseries (api.go: end.Sub(start)/step > 11000).
    if ((end - start) / step > MAX_POINTS) {
      throw ApiError.badData("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the "
          + "query resolution (?step=XX)");
    }
    long timeoutMillis = timeout(req);
    String expr = req.formValue("query");
    checkSyntax(expr);
    QueryResult res = execute(req, timeoutMillis,
        (engine, q) -> () -> engine.rangeQuery(q, expr, start, end, step));
    return render(req, res);
  }

  private long timeout(ApiRequest req) {
    long cap = options.queryTimeout().toMillis();
    String to = req.formValue("timeout");
    if (to.isEmpty()) {
      return cap;
    }
    long t;
    try {
      t = ApiParams.parseDurationMillis(to);
    } catch (IllegalArgumentException e) {
      throw ApiParams.invalidParam("timeout", e.getMessage());
    }
    return Math.min(t, cap);
  }

  private interface Call {
    Callable<QueryResult> bind(QueryEngine engine, Queryable queryable);
  }

  /**
   * Parses the query up front, as Prometheus does when it creates the query: a syntax or type error answers
   * {@code bad_data} at once instead of waiting for a slot behind slow queries.
   */
  private static void checkSyntax(String expr) {
    try {
      PromQLParser.parseExpr(expr);
    } catch (ParseException e) {
      throw ApiParams.invalidParam("query", e.getMessage());
    }
  }

  private QueryResult execute(ApiRequest req, long timeoutMillis, Call call) {
    QueryEngine engine = backend.engine();
    Queryable q = backend.queryable();
    if (engine == null || q == null) {
      throw ApiError.unavailable("query engine or storage not available yet");
    }
    // The clock starts when the request arrived: time queued for a worker counts against the timeout.
    long deadline = req.startNanos() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    queries.inc();
    long queueStart = req.startNanos();
    boolean acquired = false;
    try {
      try {
        acquired = timeoutMillis > 0 && slots.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiError(ApiError.Type.CANCELED, "query was canceled in query queue");
      }
      durations.observe("queue_time", (System.nanoTime() - queueStart) / 1e9);
      if (!acquired) {
        throw new ApiError(ApiError.Type.TIMEOUT, "query timed out in query queue");
      }
      // The slot is given back when the evaluation really ends, not when we stop waiting for it: an
      // evaluation that ignores interruption keeps its slot, so --query.max-concurrency stays a true bound.
      Callable<QueryResult> task = call.bind(engine, q);
      AtomicBoolean started = new AtomicBoolean();
      Future<QueryResult> f;
      try {
        f = pool.submit(() -> {
          if (started.getAndSet(true)) {
            return null; // abandoned before it started; the waiter gave the slot back
          }
          try {
            return task.call();
          } finally {
            slots.release();
          }
        });
      } catch (RuntimeException e) {
        slots.release();
        throw e;
      }
      acquired = false; // released by the task
      try {
        QueryResult r = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        record(r.stats());
        return r;
      } catch (TimeoutException e) {
        f.cancel(true);
        abandon(started);
        throw new ApiError(ApiError.Type.TIMEOUT, "query timed out in expression evaluation");
      } catch (InterruptedException e) {
        f.cancel(true);
        abandon(started);
        Thread.currentThread().interrupt();
        throw new ApiError(ApiError.Type.CANCELED, "query was canceled in expression evaluation");
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof QueryException qe) {
          ApiError err = ApiError.of(qe);
          if (err.type() == ApiError.Type.BAD_DATA) {
            // Parse and type errors: api.go wraps them as an invalid "query" parameter.
            throw ApiParams.invalidParam("query", qe.getMessage());
          }
          throw err;
        }
        if (c instanceof ApiError ae) {
          throw ae;
        }
        throw ApiError.internal(String.valueOf(c));
      }
    } finally {
      if (acquired) {
        slots.release();
      }
      queries.dec();
    }
  }

  /** Gives the slot back for a task that never started (it will not run its own release). */
  private void abandon(AtomicBoolean started) {
    if (!started.getAndSet(true)) {
      slots.release();
    }
  }

  private void record(QueryStats s) {
    if (s == null) {
      return;
    }
    durations.observe("inner_eval", s.innerEvalSeconds());
    durations.observe("prepare_time", s.prepareSeconds());
    durations.observe("result_sort", s.resultSortSeconds());
  }

  private static ApiResponse render(ApiRequest req, QueryResult res) {
    boolean stats = !req.formValue("stats").isEmpty();
    return JsonResponses.success(req, w -> {
      w.beginObject();
      Value v = res.value();
      w.name("resultType").value(v.type().text());
      w.name("result");
      writeValue(w, v);
      if (stats) {
        writeStats(w, res.stats());
      }
      w.endObject();
    }, res.warnings());
  }

  static void writeValue(JsonWriter w, Value v) {
    if (v instanceof Vector vec) {
      w.beginArray();
      List<Sample> samples = vec.samples();
      for (int i = 0; i < samples.size(); i++) {
        Sample s = samples.get(i);
        w.beginObject().name("metric").labels(s.labels()).name("value").point(s.timestamp(), s.value()).endObject();
      }
      w.endArray();
    } else if (v instanceof Matrix m) {
      w.beginArray();
      for (RangeSeries rs : m.series()) {
        w.beginObject().name("metric").labels(rs.labels()).name("values").beginArray();
        long[] ts = rs.timestamps();
        double[] vs = rs.values();
        for (int i = 0; i < rs.size(); i++) {
          w.point(ts[i], vs[i]);
        }
        w.endArray().endObject();
      }
      w.endArray();
    } else if (v instanceof Scalar s) {
      w.point(s.timestamp(), s.value());
    } else if (v instanceof StringValue s) {
      w.beginArray().timestamp(s.timestamp()).value(s.value()).endArray();
    } else {
      w.nullValue();
    }
  }

  private static void writeStats(JsonWriter w, QueryStats s) {
    QueryStats st = s != null ? s : new QueryStats(0, 0, 0, 0, 0, 0, 0);
    w.name("stats").beginObject();
    w.name("timings").beginObject()
        .name("evalTotalTime").number(st.prepareSeconds() + st.innerEvalSeconds() + st.resultSortSeconds())
        .name("resultSortTime").number(st.resultSortSeconds())
        .name("queryPreparationTime").number(st.prepareSeconds())
        .name("innerEvalTime").number(st.innerEvalSeconds())
        .name("execQueueTime").number(st.queueSeconds())
        .name("execTotalTime").number(st.execTotalSeconds())
        .endObject();
    w.name("samples").beginObject()
        .name("totalQueryableSamples").value(st.totalQueryableSamples())
        .name("peakSamples").value(st.peakSamples())
        .endObject();
    w.endObject();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
