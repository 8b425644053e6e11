package io.promethium.http.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.http.ApiBackend;
import io.promethium.http.ApiError;
import io.promethium.http.ApiRequest;
import io.promethium.http.ApiResponse;
import io.promethium.http.Routes;
import io.promethium.http.WebServerOptions;
import io.promethium.http.metrics.QueryDurationSummary;
import io.promethium.promql.parser.ParseException;
import io.promethium.promql.parser.PromQLParser;

/**
 * The route table of the server: every {@code /api/v1} endpoint of Prometheus 2.48 that we serve, plus
 * {@code /}, {@code /graph}, {@code /metrics}, {@code /federate} and the lifecycle endpoints. Owns the query
 * pool (closed by {@link #close()}). Thread-safe once registered.
 */
public final class ApiV1 implements AutoCloseable {
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

  public ApiV1(WebServerOptions options, ApiBackend backend, MetricsRegistry registry) {
    this.options = options;
    MatcherSets matcherSets = new MatcherSets(PromQLParser::parseMetricSelector);
    QueryDurationSummary durations = new QueryDurationSummary();
    this.query = new QueryApi(options, backend, registry, durations);
    this.series = new SeriesApi(backend, matcherSets);
    this.status = new StatusApi(backend);
    this.targets = new TargetsApi(backend, matcherSets);
    this.admin = new AdminApi(options.enableAdminApi(), backend, matcherSets);
    this.lifecycle = new LifecycleApi(options.enableLifecycle(), backend);
    this.federation = new FederationHandler(backend, matcherSets, options.lookbackDelta().toMillis(), registry);
    this.metrics = new MetricsEndpoint(registry, durations);
  }

  public void register(Routes r) {
    String home = homePath();
    r.add("/", new Routes.Route("/", req -> ApiResponse.redirect(home), false, false), GET);
    r.add("/graph", new Routes.Route("/graph", ApiV1::graphPage, false, false), GET);
    r.add("/metrics", new Routes.Route("/metrics", metrics::handle, false, false), GET);
    r.add("/federate", new Routes.Route("/federate", federation::handle, true, false), GET);
    r.add("/-/quit", new Routes.Route("/-/quit", lifecycle::quit, false, false), POST, PUT);
    r.add("/-/quit", new Routes.Route("/-/quit", lifecycle::onlyPostOrPut, false, false), GET);
    r.add("/-/reload", new Routes.Route("/-/reload", lifecycle::reload, false, false), POST, PUT);
    r.add("/-/reload", new Routes.Route("/-/reload", lifecycle::onlyPostOrPut, false, false), GET);

    String v1 = "/api/v1";
    r.api(v1 + "/query", query::instant, GET, POST);
    r.api(v1 + "/query_range", query::range, GET, POST);
    r.api(v1 + "/query_exemplars", ApiV1::queryExemplars, GET, POST);
    r.api(v1 + "/format_query", ApiV1::formatQuery, GET, POST);
    r.api(v1 + "/labels", series::labelNames, GET, POST);
    r.add(v1 + "/label/*", new Routes.Route(v1 + "/label/:name/values", series::labelValues, true, true), GET);
    r.api(v1 + "/series", series::series, GET, POST);
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
        io.netty.buffer.Unpooled.copiedBuffer("<!DOCTYPE html><html><head><title>Promethium</title></head><body>"
            + "<h1>Promethium</h1><p>The web UI is not part of this build. The HTTP API is served under "
            + "<code>api/v1</code>.</p></body></html>\n", java.nio.charset.StandardCharsets.UTF_8),
        java.util.Map.of());
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
    try {
      PromQLParser.parseExpr(req.formValue("query"));
    } catch (ParseException e) {
      throw ApiError.badData(e.getMessage());
    }
    return JsonResponses.success(req, w -> w.beginArray().endArray());
  }

  @Override
  public void close() {
    query.close();
  }
}
