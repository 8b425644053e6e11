package io.promethium.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AttributeKey;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes each aggregated request off the event loop: strips the route prefix, answers the liveness probes
 * inline, runs every other handler on the worker pool (PromQL queries on their own pool), applies the
 * readiness gate and CORS, writes the response and records the HTTP self-metrics. One request per
 * connection is in flight at a time, so pipelined requests are answered in order. Sharable and
 * thread-safe. No request, however malformed, escapes as an exception: failures become a 4xx/5xx response
 * and one log line.
 */
@ChannelHandler.Sharable
final class RequestDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = Logger.getLogger(RequestDispatcher.class.getName());

  private final WebServerOptions options;
  private final ApiBackend backend;
  private final Routes routes;
  private final HttpMetrics metrics;
  private final ExecutorService workers;
  private final ExecutorService queryWorkers;

  RequestDispatcher(WebServerOptions options, ApiBackend backend, Routes routes, HttpMetrics metrics,
      ExecutorService workers, ExecutorService queryWorkers) {
    this.options = options;
    this.backend = backend;
    this.routes = routes;
    this.metrics = metrics;
    this.workers = workers;
    this.queryWorkers = queryWorkers;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    // HTTP/1.1 pipelining: answers must leave in request order, so a connection's next request waits
    // until the previous answer is written (handlers finish on different worker threads).
    InFlight inFlight = ctx.channel().attr(IN_FLIGHT).get();
    if (inFlight == null) {
      inFlight = new InFlight();
      ctx.channel().attr(IN_FLIGHT).set(inFlight);
    }
    if (inFlight.busy) {
      inFlight.pending.add(req.retain());
      return;
    }
    inFlight.busy = true;
    handle(ctx, req);
  }

  /** Per-connection ordering state; touched on the channel's event loop only. */
  private static final class InFlight {
    boolean busy;
    final ArrayDeque<FullHttpRequest> pending = new ArrayDeque<>();
  }

  private static final AttributeKey<InFlight> IN_FLIGHT = AttributeKey.valueOf(RequestDispatcher.class, "inFlight");

  /** Runs on the event loop once an answer is written: starts the connection's next queued request. */
  private void next(ChannelHandlerContext ctx) {
    InFlight inFlight = ctx.channel().attr(IN_FLIGHT).get();
    FullHttpRequest req = inFlight.pending.poll();
    if (req == null) {
      inFlight.busy = false;
      return;
    }
    try {
      handle(ctx, req);
    } finally {
      req.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    InFlight inFlight = ctx.channel().attr(IN_FLIGHT).get();
    if (inFlight != null) {
      FullHttpRequest r;
      while ((r = inFlight.pending.poll()) != null) {
        r.release();
      }
    }
    super.channelInactive(ctx);
  }

  private void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
    try {
      route(ctx, req);
    } catch (RuntimeException e) {
      // A bug of ours, not the client's: answer 500 and drop the connection rather than leave it hanging.
      LOG.log(Level.WARNING, "request " + req.method() + " " + req.uri() + " failed", e);
      write(ctx, ApiResponse.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n"), false, false, "",
          System.nanoTime());
    }
  }

  private void route(ChannelHandlerContext ctx, FullHttpRequest req) {
    long start = System.nanoTime();
    if (req.decoderResult().isFailure()) {
      rejectMalformed(ctx, req.decoderResult().cause(), start);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    boolean head = req.method().equals(HttpMethod.HEAD);
    String uri = req.uri();
    int q = uri.indexOf('?');
    String rawPath = q < 0 ? uri : uri.substring(0, q);
    String prefix = options.routePrefix();
    String path;
    if (prefix.isEmpty()) {
      path = rawPath;
    } else if (rawPath.equals("/")) {
      write(ctx, ApiResponse.redirect(prefix), keepAlive, head, "/", start);
      return;
    } else if (rawPath.startsWith(prefix + "/")) {
      path = rawPath.substring(prefix.length());
    } else if (rawPath.equals(prefix)) {
      path = "/";
    } else {
      write(ctx, ApiResponse.notFound(), keepAlive, head, "", start);
      return;
    }

    Routes.Match match = routes.find(req.method(), path);
    if (match.route() == null) {
      ApiResponse r = match.allowed().isEmpty()
          ? ApiResponse.notFound()
          : ApiResponse.httpError(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed")
              .withHeader("Allow", match.allowed());
      write(ctx, r, keepAlive, head, "", start);
      return;
    }
    Routes.Route route = match.route();
    String origin = req.headers().get(HttpHeaderNames.ORIGIN);
    ApiRequest apiReq;
    try {
      apiReq = new ApiRequest(req, path, ctx.alloc(), start);
    } catch (RuntimeException e) {
      // Undecodable form values (e.g. a bad %-escape): the API's bad_data error, plain text elsewhere.
      String msg = "error parsing form values: " + e.getMessage();
      ApiResponse r = route.api() ? ApiError.badData(msg).toResponse(ctx.alloc())
          : ApiResponse.text(HttpResponseStatus.BAD_REQUEST, msg + "\n");
      write(ctx, r, keepAlive, head, route.name(), start);
      return;
    }
    if (route.lane() == Routes.Lane.EVENT_LOOP) {
      // Probes answer on the event loop: no queueing behind slow queries.
      write(ctx, run(route, apiReq), keepAlive, head, route.name(), start);
      return;
    }
    try {
      ExecutorService lane = route.lane() == Routes.Lane.QUERY ? queryWorkers : workers;
      lane.execute(() -> {
        ApiResponse r = run(route, apiReq);
        if (route.api()) {
          r = withCors(r, origin);
        }
        write(ctx, r, keepAlive, head, route.name(), start);
      });
    } catch (RejectedExecutionException e) {
      write(ctx, ApiResponse.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "server overloaded\n"), keepAlive,
          head, route.name(), start);
    }
  }

  private ApiResponse run(Routes.Route route, ApiRequest req) {
    if (route.readyGated() && !backend.isReady()) {
      return notReady(backend.isStopping());
    }
    try {
      ApiResponse r = route.handler().handle(req);
      return r != null ? r : new ApiResponse(HttpResponseStatus.NO_CONTENT, null, Unpooled.EMPTY_BUFFER, Map.of());
    } catch (ApiError e) {
      return e.toResponse(req.alloc());
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "handler " + route.name() + " failed on " + req.path(), t);
      // Even a StackOverflowError (a deeply nested query) gets an answer: the client must not hang.
      if (route.api()) {
        return ApiError.internal("internal error: " + t).toResponse(req.alloc());
      }
      return ApiResponse.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n");
    }
  }

  private static ApiResponse notReady(boolean stopping) {
    return ApiResponse.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Service Unavailable")
        .withHeader("X-Prometheus-Stopping", Boolean.toString(stopping));
  }

  private ApiResponse withCors(ApiResponse r, String origin) {
    // Prometheus's util/httputil/cors.go: with an Origin header the fixed headers always go out; the
    // default origin regex (.*) answers "*", any other echoes the origin when it matches.
    if (origin == null || origin.isEmpty()) {
      return r;
    }
    ApiResponse out = r.withHeader("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin")
        .withHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        .withHeader("Access-Control-Expose-Headers", "Date")
        .withHeader("Vary", "Origin");
    if (options.corsOrigin().pattern().equals("^(?:.*)$")) {
      return out.withHeader("Access-Control-Allow-Origin", "*");
    }
    if (options.corsOrigin().matcher(origin).matches()) {
      return out.withHeader("Access-Control-Allow-Origin", origin);
    }
    return out;
  }

  private void rejectMalformed(ChannelHandlerContext ctx, Throwable cause, long start) {
    HttpResponseStatus status;
    String text;
    if (cause instanceof TooLongHttpLineException) {
      status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
      text = "414 URI Too Long: request line longer than " + options.maxUrlBytes() + " bytes\n";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
      text = "431 Request Header Fields Too Large\n";
    } else if (cause instanceof TooLongFrameException) {
      status = HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
      text = "413 Request Entity Too Large\n";
    } else {
      status = HttpResponseStatus.BAD_REQUEST;
      text = "400 Bad Request: " + cause.getMessage() + "\n";
    }
    write(ctx, ApiResponse.text(status, text), false, false, "", start);
  }

  private void write(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive, boolean head, String handler,
      long start) {
    ByteBuf body = r.body();
    int length = body.readableBytes();
    FullHttpResponse resp;
    if (head) {
      body.release();
      resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status(), Unpooled.EMPTY_BUFFER);
    } else {
      resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status(), body);
    }
    if (r.contentType() != null) {
      resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    }
    r.headers().forEach((k, v) -> resp.headers().set(k, v));
    HttpUtil.setContentLength(resp, head ? length : resp.content().readableBytes());
    if (!keepAlive) {
      resp.headers().set(HttpHeaderNames.CONNECTION, "close");
    }
    if (!handler.isEmpty()) {
      metrics.observe(handler, r.status().code(), length, start);
    }
    if (keepAlive) {
      // The listener runs on the event loop, where the ordering state lives.
      ctx.writeAndFlush(resp).addListener(f -> next(ctx));
    } else {
      ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Connection resets and the like: nothing to answer; one line, no stack.
    LOG.fine(() -> "connection " + ctx.channel().remoteAddress() + " failed: " + cause);
    ctx.close();
  }
}
