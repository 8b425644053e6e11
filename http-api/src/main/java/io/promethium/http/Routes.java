package io.promethium.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The route table: path (below the route prefix) and method to handler. Paths are exact, except that a
 * path registered ending in {@code /*} matches every path under it (as httprouter's catch-all). Filled
 * once before the server starts, then read-only and thread-safe.
 */
public final class Routes {
  /**
   * One route.
   *
   * @param name the {@code handler} label of the HTTP self-metrics, e.g. {@code /api/v1/query}
   * @param readyGated answer 503 until the server is ready
   * @param api sets CORS headers (the {@code /api/v1} routes)
   */
  public record Route(String name, Handler handler, boolean readyGated, boolean api) {}

  /** What a lookup found: a route, or which methods the path allows (empty for 404). */
  public record Match(Route route, String allowed) {}

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

  Match find(HttpMethod method, String path) {
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
    if (r == null && method.equals(HttpMethod.HEAD)) {
      r = byMethod.get(HttpMethod.GET);
    }
    if (r == null && method.equals(HttpMethod.OPTIONS)) {
      Route any = byMethod.values().iterator().next();
      if (any.api()) {
        // Prometheus answers OPTIONS on every API path with 204 and the CORS headers.
        return new Match(new Route(any.name(), req -> null, any.readyGated(), true), null);
      }
    }
    if (r == null) {
      StringBuilder allowed = new StringBuilder();
      for (HttpMethod m : byMethod.keySet()) {
        if (allowed.length() > 0) {
          allowed.append(", ");
        }
        allowed.append(m.name());
      }
      return new Match(null, allowed.toString());
    }
    return new Match(r, null);
  }
}
