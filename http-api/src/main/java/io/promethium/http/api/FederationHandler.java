package io.promethium.http.api;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.promethium.core.exposition.ExpositionWriter;
import io.promethium.core.exposition.GoFloatFormat;
import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.metadata.MetricType;
import io.promethium.core.metrics.Counter;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.Queryable;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SelectHints;
import io.promethium.core.storage.Series;
import io.promethium.core.storage.SeriesSet;
import io.promethium.core.storage.StaleNaN;
import io.promethium.core.storage.StorageException;
import io.promethium.http.ApiBackend;
import io.promethium.http.ApiRequest;
import io.promethium.http.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code /federate}: the latest sample (within the lookback delta) of every series matching any
 * {@code match[]}, in text format 0.0.4 as Prometheus's {@code web/federate.go} writes it: series sorted by
 * metric name, one {@code # TYPE <name> untyped} per name, external labels appended when the series lacks
 * them ({@code instance=""} always among them), timestamps in milliseconds, stale markers dropped.
 * Thread-safe.
 */
final class FederationHandler {
  static final String CONTENT_TYPE = ExpositionWriter.CONTENT_TYPE;

  private final ApiBackend backend;
  private final MatcherSets matcherSets;
  private final long lookbackMillis;
  private final Counter errors;
  private final Counter warnings;

  FederationHandler(ApiBackend backend, MatcherSets matcherSets, long lookbackMillis, MetricsRegistry registry) {
    this.backend = backend;
    this.matcherSets = matcherSets;
    this.lookbackMillis = lookbackMillis;
    this.errors = registry.counter("prometheus_web_federation_errors_total",
        "Total number of errors that occurred while sending federation responses.");
    this.warnings = registry.counter("prometheus_web_federation_warnings_total",
        "Total number of warnings that occurred while sending federation responses.");
  }

  private record Point(Labels labels, long t, double v) {}

  ApiResponse handle(ApiRequest req) {
    List<List<Matcher>> sets;
    try {
      sets = matcherSets.parseUnchecked(req.params("match[]"), null);
    } catch (RuntimeException e) {
      return ApiResponse.httpError(HttpResponseStatus.BAD_REQUEST, e.getMessage());
    }
    Queryable queryable = backend.queryable();
    if (queryable == null) {
      return ApiResponse.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Service Unavailable");
    }
    long maxt = System.currentTimeMillis();
    long mint = maxt - lookbackMillis;
    List<Point> points = new ArrayList<>();
    try (Querier q = queryable.querier(mint, maxt)) {
      SelectHints hints = new SelectHints(mint, maxt, 0, null, 0);
      TreeSet<Labels> seen = new TreeSet<>();
      SampleIterator it = null;
      for (List<Matcher> set : sets) {
        SeriesSet ss = q.select(true, hints, set.toArray(new Matcher[0]));
        while (ss.next()) {
          Series s = ss.at();
          if (!seen.add(s.labels())) {
            continue; // the same series matched by several match[]: once is enough
          }
          it = s.iterator(it);
          boolean found = false;
          long t = 0;
          double v = 0;
          while (it.next()) {
            if (it.timestamp() > maxt) {
              break;
            }
            found = true;
            t = it.timestamp();
            v = it.value();
          }
          // The exposition formats have no stale markers: drop them.
          if (found && !StaleNaN.is(v)) {
            points.add(new Point(s.labels(), t, v));
          }
        }
        if (!ss.warnings().isEmpty()) {
          warnings.add(ss.warnings().size());
        }
        if (ss.error() != null) {
          errors.inc();
          return ApiResponse.httpError(HttpResponseStatus.INTERNAL_SERVER_ERROR, ss.error().getMessage());
        }
      }
    } catch (StorageException e) {
      errors.inc();
      return ApiResponse.httpError(HttpResponseStatus.INTERNAL_SERVER_ERROR, e.getMessage());
    }
    points.sort(Comparator.comparing(p -> nameOf(p.labels())));

    Map<String, String> external = new TreeMap<>();
    backend.externalLabels().forEach(external::put);
    external.putIfAbsent("instance", "");

    StringBuilder sb = new StringBuilder(64 + points.size() * 96);
    String lastName = null;
    for (Point p : points) {
      String name = nameOf(p.labels());
      if (name.isEmpty()) {
        continue; // Prometheus ignores nameless series here
      }
      if (!name.equals(lastName)) {
        ExpositionWriter.writeType(sb, name, MetricType.UNKNOWN);
        lastName = name;
      }
      sb.append(name);
      boolean first = true;
      Labels l = p.labels();
      for (int i = 0; i < l.size(); i++) {
        String ln = l.name(i);
        if (ln.equals(Labels.METRIC_NAME) || l.value(i).isEmpty()) {
          continue;
        }
        sb.append(first ? '{' : ',');
        first = false;
        appendLabel(sb, ln, l.value(i));
      }
      for (Map.Entry<String, String> e : external.entrySet()) {
        String v = l.get(e.getKey());
        if (v != null && !v.isEmpty()) {
          continue;
        }
        sb.append(first ? '{' : ',');
        first = false;
        appendLabel(sb, e.getKey(), e.getValue());
      }
      if (!first) {
        sb.append('}');
      }
      sb.append(' ');
      GoFloatFormat.appendG(sb, p.v());
      sb.append(' ').append(p.t()).append('\n');
    }
    ByteBuf buf = req.alloc().buffer(sb.length());
    buf.writeCharSequence(sb, StandardCharsets.UTF_8);
    return new ApiResponse(HttpResponseStatus.OK, CONTENT_TYPE, buf, Map.of());
  }

  private static String nameOf(Labels l) {
    String n = l.get(Labels.METRIC_NAME);
    return n == null ? "" : n;
  }

  private static void appendLabel(StringBuilder sb, String name, String value) {
    sb.append(name).append("=\"");
    ExpositionWriter.appendEscapedLabelValue(sb, value);
    sb.append('"');
  }
}
