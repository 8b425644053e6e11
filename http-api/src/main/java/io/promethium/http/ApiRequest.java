package io.promethium.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as handlers see it: method, path below the route prefix, and form values. Like Go's
 * {@code r.Form}, values of a {@code application/x-www-form-urlencoded} POST body come before those of the
 * URL query. Not thread-safe; lives for one request. Copies what it needs, so it stays valid after the
 * Netty request is released.
 */
public final class ApiRequest {
  /** Netty decodes 1,024 parameters by default; a dashboard may send more {@code match[]} than that. */
  private static final int MAX_PARAMS = 100_000;

  private final HttpMethod method;
  private final String path;
  private final HttpHeaders headers;
  private final Map<String, List<String>> bodyParams;
  private final Map<String, List<String>> queryParams;
  private final ByteBufAllocator alloc;
  private final long startNanos;

  ApiRequest(FullHttpRequest req, String path, ByteBufAllocator alloc, long startNanos) {
    this.method = req.method();
    this.path = path;
    this.headers = req.headers().copy();
    this.queryParams = new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8, true, MAX_PARAMS).parameters();
    String ct = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (req.content().isReadable() && ct != null
        && ct.regionMatches(true, 0, HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED.toString(), 0,
            HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED.length())) {
      String body = req.content().toString(StandardCharsets.UTF_8);
      this.bodyParams = new QueryStringDecoder(body, StandardCharsets.UTF_8, false, MAX_PARAMS).parameters();
    } else {
      this.bodyParams = Map.of();
    }
    this.alloc = alloc;
    this.startNanos = startNanos;
  }

  public HttpMethod method() {
    return method;
  }

  /** The path below the route prefix, starting with {@code /}, undecoded. */
  public String path() {
    return path;
  }

  public HttpHeaders headers() {
    return headers;
  }

  /** First value of a form parameter (body first, then URL), or {@code null} when absent. */
  public String param(String name) {
    List<String> b = bodyParams.get(name);
    if (b != null && !b.isEmpty()) {
      return b.get(0);
    }
    List<String> q = queryParams.get(name);
    return q != null && !q.isEmpty() ? q.get(0) : null;
  }

  /** First value or {@code ""} when absent, as Go's {@code r.FormValue}. */
  public String formValue(String name) {
    String v = param(name);
    return v == null ? "" : v;
  }

  /** All values of a parameter, body values first. */
  public List<String> params(String name) {
    List<String> b = bodyParams.get(name);
    List<String> q = queryParams.get(name);
    if (b == null) {
      return q == null ? List.of() : q;
    }
    if (q == null) {
      return b;
    }
    List<String> all = new ArrayList<>(b.size() + q.size());
    all.addAll(b);
    all.addAll(q);
    return all;
  }

  public ByteBufAllocator alloc() {
    return alloc;
  }

  /** When the request was received ({@link System#nanoTime()}). */
  public long startNanos() {
    return startNanos;
  }
}
