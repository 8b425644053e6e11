package io.promethium.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The route table: path (below the route prefix) and method to handler. Paths are exact, except that a
 * path registered ending in {@code /*} matches every path under it (as httprouter's catch-all). Filled
 * once before the server starts, then read-only and thread-safe.
 */
public final class Routes {
  /** Where a handler runs. */
  public enum Lane {
    /** On the event loop: only handlers that never block (the probes), so they answer under any load. */
    EVENT_LOOP,
    /** On the worker pool: everything that reads storage briefly. */
    WORKER,
    /** On the query handler pool, so slow PromQL evaluations never hold up metadata requests. */
    QUERY
  }

  /**
   * One route.
   *
   * @param name the {@code handler} label of the HTTP self-metrics, e.g. {@code /api/v1/query}
   * @param readyGated answer 503 until the server is ready
   * @param api sets CORS headers (the {@code /api/v1} routes)
   * @param lane where the handler runs
   */
  public record Route(String name, Handler handler, boolean readyGated, boolean api, Lane lane) {
    public Route(String name, Handler handler, boolean readyGated, boolean api) {
      this(name, handler, readyGated, api, Lane.WORKER);
    }
  }

  /** What a lookup found: a route, or which methods the path allows (empty for 404). */
  public record Match(Route route, String allowed) {}

  private static final String API_PREFIX = "/api/v1/";

  private final Map<String, Map<HttpMethod, Route>> exact = new HashMap<>();
  private final Map<String, Map<HttpMethod, Route>> prefixes = new LinkedHashMap<>();

  /** Adds a route for each method. A path ending in {@code /*} matches every sub-path. */
  public Routes add(String path, Route route, HttpMethod... methods) {
    boolean wildcard = path.endsWith("/*");
    Map<String, Map<HttpMethod, Route>> table = wildcard ? prefixes : exact;
    String key = wildcard ? path.substring(0, path.length() - 1) : path;
    Map<HttpMethod, Route> byMethod = table.computeIfAbsent(key, k -> new LinkedHashMap<>());
    for (HttpMethod m : methods) {
      byMethod.put(m, route);
    }
    return this;
  }

  /** Convenience for a ready-gated API route. */
  public Routes api(String path, Handler h, HttpMethod... methods) {
    return add(path, new Route(path, h, true, true), methods);
  }

  /** A ready-gated API route that evaluates PromQL (runs in the query lane). */
  public Routes query(String path, Handler h, HttpMethod... methods) {
    return add(path, new Route(path, h, true, true, Lane.QUERY), methods);
  }

  Match find(HttpMethod method, String path) {
    boolean options = method.equals(HttpMethod.OPTIONS);
    if (options && path.startsWith(API_PREFIX)) {
      // Prometheus answers OPTIONS on every /api/v1 path (even unknown ones) with 204 and the CORS headers.
      return new Match(new Route(API_PREFIX + "*path", req -> null, true, true), null);
    }
    Map<HttpMethod, Route> byMethod = exact.get(path);
    if (byMethod == null) {
      for (Map.Entry<String, Map<HttpMethod, Route>> e : prefixes.entrySet()) {
        if (path.startsWith(e.getKey())) {
          byMethod = e.getValue();
          break;
        }
      }
    }
    if (byMethod == null) {
      return new Match(null, "");
    }
    Route r = byMethod.get(method);
    if (r != null) {
      return new Match(r, null);
    }
    // httprouter's answer: the allowed methods, OPTIONS included, sorted.
    TreeSet<String> allowed = new TreeSet<>();
    for (HttpMethod m : byMethod.keySet()) {
      allowed.add(m.name());
    }
    allowed.add(HttpMethod.OPTIONS.name());
    String allow = String.join(", ", allowed);
    if (options) {
      return new Match(new Route(path, req -> ApiResponse.text(HttpResponseStatus.OK, "").withHeader("Allow", allow),
          false, false), null);
    }
    return new Match(null, allow);
  }
}
