package io.promethium.http.api;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.http.ApiBackend;
import io.promethium.http.ApiError;
import io.promethium.http.ApiRequest;
import io.promethium.http.ApiResponse;
import io.promethium.http.Handler;
import io.promethium.http.Routes;
import io.promethium.http.WebServerOptions;
import io.promethium.http.metrics.QueryDurationSummary;
import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.BinaryExpr;
import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.ParenExpr;
import io.promethium.promql.ast.SubqueryExpr;
import io.promethium.promql.ast.UnaryExpr;
import io.promethium.promql.ast.VectorSelector;
import io.promethium.promql.parser.ParseException;
import io.promethium.promql.parser.PromQLParser;
import java.util.Map;

/**
 * The route table of the server: every {@code /api/v1} endpoint of Prometheus 2.48 that we serve, plus
 * {@code /}, {@code /graph}, {@code /metrics}, {@code /federate} and the lifecycle endpoints. Owns the query
 * pool (closed by {@link #close()}). Thread-safe once registered.
 */
public final class Endpoints implements AutoCloseable {
  /** Prometheus's {@code AppName}, in the probe answers. */
  private static final String APP_NAME = "Prometheus Server";
  private static final HttpMethod GET = HttpMethod.GET;
  private static final HttpMethod POST = HttpMethod.POST;
  private static final HttpMethod PUT = HttpMethod.PUT;

  private final WebServerOptions options;
  private final QueryApi query;
  private final SeriesApi series;
  private final StatusApi status;
  private final TargetsApi targets;
  private final AdminApi admin;
  private final LifecycleApi lifecycle;
  private final FederationHandler federation;
  private final MetricsEndpoint metrics;

  public Endpoints(WebServerOptions options, ApiBackend backend, MetricsRegistry registry) {
    this.options = options;
    MatcherSets matcherSets = new MatcherSets(PromQLParser::parseMetricSelector);
    QueryDurationSummary durations = new QueryDurationSummary();
    this.query = new QueryApi(options, backend, registry, durations);
    this.series = new SeriesApi(backend, matcherSets);
    this.status = new StatusApi(backend);
    this.targets = new TargetsApi(backend, matcherSets,
        new GlobalUrl(options.externalUrl(), options.listenAddress()));
    this.admin = new AdminApi(options.enableAdminApi(), backend, matcherSets);
    this.lifecycle = new LifecycleApi(options.enableLifecycle(), backend);
    this.federation = new FederationHandler(backend, matcherSets, options.lookbackDelta().toMillis(), registry);
    this.metrics = new MetricsEndpoint(registry, durations);
  }

  public void register(Routes r) {
    String home = homePath();
    r.add("/", new Routes.Route("/", req -> ApiResponse.redirect(home), false, false), GET);
    r.add("/graph", new Routes.Route("/graph", Endpoints::graphPage, false, false), GET);
    r.add("/-/healthy", new Routes.Route("/-/healthy", req -> ApiResponse.text(HttpResponseStatus.OK,
        APP_NAME + " is Healthy.\n"), false, false, Routes.Lane.EVENT_LOOP), GET);
    r.add("/-/ready", new Routes.Route("/-/ready", req -> ApiResponse.text(HttpResponseStatus.OK,
        APP_NAME + " is Ready.\n"), true, false, Routes.Lane.EVENT_LOOP), GET);
    // HEAD probes: status only, no body and so no Content-Type (as Go writes them).
    Handler emptyOk = req -> new ApiResponse(HttpResponseStatus.OK, null, Unpooled.EMPTY_BUFFER, Map.of());
    r.add("/-/healthy", new Routes.Route("/-/healthy", emptyOk, false, false, Routes.Lane.EVENT_LOOP), HttpMethod.HEAD);
    r.add("/-/ready", new Routes.Route("/-/ready", emptyOk, true, false, Routes.Lane.EVENT_LOOP), HttpMethod.HEAD);
    r.add("/metrics", new Routes.Route("/metrics", metrics::handle, false, false), GET);
    r.add("/version", new Routes.Route("/version", status::version, false, false), GET);
    r.add("/federate", new Routes.Route("/federate", federation::handle, true, false), GET);
    r.add("/-/quit", new Routes.Route("/-/quit", lifecycle::quit, false, false), POST, PUT);
    r.add("/-/quit", new Routes.Route("/-/quit", lifecycle::onlyPostOrPut, false, false), GET);
    r.add("/-/reload", new Routes.Route("/-/reload", lifecycle::reload, false, false), POST, PUT);
    r.add("/-/reload", new Routes.Route("/-/reload", lifecycle::onlyPostOrPut, false, false), GET);

    String v1 = "/api/v1";
    r.query(v1 + "/query", query::instant, GET, POST);
    r.query(v1 + "/query_range", query::range, GET, POST);
    r.api(v1 + "/query_exemplars", Endpoints::queryExemplars, GET, POST);
    r.api(v1 + "/format_query", Endpoints::formatQuery, GET, POST);
    r.api(v1 + "/labels", series::labelNames, GET, POST);
    r.add(v1 + "/label/*", new Routes.Route(v1 + "/label/:name/values", series::labelValues, true, true), GET);
    r.api(v1 + "/series", series::series, GET, POST);
    r.api(v1 + "/series", req -> {
      throw ApiError.internal("not implemented");
    }, HttpMethod.DELETE);
    r.api(v1 + "/scrape_pools", targets::scrapePools, GET);
    r.api(v1 + "/targets", targets::targets, GET);
    r.api(v1 + "/targets/metadata", targets::targetMetadata, GET);
    r.api(v1 + "/alertmanagers", status::alertmanagers, GET);
    r.api(v1 + "/metadata", targets::metricMetadata, GET);
    r.api(v1 + "/status/config", status::config, GET);
    r.api(v1 + "/status/runtimeinfo", status::runtimeInfo, GET);
    r.api(v1 + "/status/buildinfo", status::buildInfo, GET);
    r.api(v1 + "/status/flags", status::flags, GET);
    r.api(v1 + "/status/tsdb", status::tsdb, GET);
    // Prometheus serves the WAL replay status before the server is ready: that is when it matters.
    r.add(v1 + "/status/walreplay", new Routes.Route(v1 + "/status/walreplay", status::walReplay, false, true), GET);
    r.api(v1 + "/alerts", status::alerts, GET);
    r.api(v1 + "/rules", status::rules, GET);
    r.api(v1 + "/admin/tsdb/delete_series", admin::deleteSeries, POST, PUT);
    r.api(v1 + "/admin/tsdb/clean_tombstones", admin::cleanTombstones, POST, PUT);
    r.api(v1 + "/admin/tsdb/snapshot", admin::snapshot, POST, PUT);
  }

  /** Where {@code /} redirects: the external URL's path (or the route prefix) plus {@code /graph}. */
  private String homePath() {
    String base = options.routePrefix();
    String ext = options.externalUrl();
    if (ext != null && !ext.isEmpty()) {
      String p = java.net.URI.create(ext).getRawPath();
      base = p == null ? "" : p;
      while (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
    }
    return base + "/graph";
  }

  private static ApiResponse graphPage(ApiRequest req) {
    return new ApiResponse(HttpResponseStatus.OK, "text/html; charset=utf-8",
        Unpooled.copiedBuffer("<!DOCTYPE html><html><head><title>Promethium</title></head><body>"
            + "<h1>Promethium</h1><p>The web UI is not part of this build. The HTTP API is served under "
            + "<code>api/v1</code>.</p></body></html>\n", java.nio.charset.StandardCharsets.UTF_8),
        Map.of());
  }

  private static ApiResponse formatQuery(ApiRequest req) {
    String formatted;
    try {
      formatted = PromQLParser.parseExpr(req.formValue("query")).toString();
    } catch (ParseException e) {
      throw ApiParams.invalidParam("query", e.getMessage());
    }
    return JsonResponses.success(req, w -> w.value(formatted));
  }

  /** No exemplar storage yet: validates like Prometheus and answers an empty list. */
  private static ApiResponse queryExemplars(ApiRequest req) {
    long start = ApiParams.timeParam(req, "start", ApiParams.MIN_TIME);
    long end = ApiParams.timeParam(req, "end", ApiParams.MAX_TIME);
    if (end < start) {
      throw ApiError.badData("end timestamp must not be before start timestamp");
    }
    Expr expr;
    try {
      expr = PromQLParser.parseExpr(req.formValue("query"));
    } catch (ParseException e) {
      throw ApiError.badData(e.getMessage());
    }
    if (!hasSelector(expr)) {
      return null; // Prometheus answers 204 when the query selects no series
    }
    return JsonResponses.success(req, w -> w.beginArray().endArray());
  }

  private static boolean hasSelector(Expr e) {
    if (e instanceof VectorSelector || e instanceof MatrixSelector) {
      return true;
    }
    if (e instanceof AggregateExpr a) {
      return hasSelector(a.expr()) || (a.param() != null && hasSelector(a.param()));
    }
    if (e instanceof BinaryExpr b) {
      return hasSelector(b.lhs()) || hasSelector(b.rhs());
    }
    if (e instanceof Call c) {
      return c.args().stream().anyMatch(Endpoints::hasSelector);
    }
    if (e instanceof ParenExpr p) {
      return hasSelector(p.expr());
    }
    if (e instanceof SubqueryExpr s) {
      return hasSelector(s.expr());
    }
    if (e instanceof UnaryExpr u) {
      return hasSelector(u.expr());
    }
    return false; // number and string literals
  }

  @Override
  public void close() {
    query.close();
  }
}
