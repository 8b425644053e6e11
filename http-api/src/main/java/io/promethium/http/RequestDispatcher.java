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
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes each aggregated request off the event loop: strips the route prefix, answers the liveness probes
 * inline, runs every other handler on the worker pool, applies the readiness gate and CORS, writes the
 * response and records the HTTP self-metrics. Sharable and thread-safe. No request, however malformed,
 * escapes as an exception: failures become a 4xx/5xx response and one log line.
 */
@ChannelHandler.Sharable
final class RequestDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = Logger.getLogger(RequestDispatcher.class.getName());
  private static final String APP_NAME = "Prometheus Server";

  private final WebServerOptions options;
  private final ApiBackend backend;
  private final Routes routes;
  private final HttpMetrics metrics;
  private final ExecutorService workers;

  RequestDispatcher(WebServerOptions options, ApiBackend backend, Routes routes, HttpMetrics metrics,
      ExecutorService workers) {
    this.options = options;
    this.backend = backend;
    this.routes = routes;
    this.metrics = metrics;
    this.workers = workers;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
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

    // Probes answer on the event loop: no queueing behind slow queries.
    if (path.equals("/-/healthy") && (head || req.method().equals(HttpMethod.GET))) {
      write(ctx, ApiResponse.text(HttpResponseStatus.OK, APP_NAME + " is Healthy.\n"), keepAlive, head,
          "/-/healthy", start);
      return;
    }
    if (path.equals("/-/ready") && (head || req.method().equals(HttpMethod.GET))) {
      ApiResponse r = backend.isReady()
          ? ApiResponse.text(HttpResponseStatus.OK, APP_NAME + " is Ready.\n")
          : notReady();
      write(ctx, r, keepAlive, head, "/-/ready", start);
      return;
    }

    Routes.Match match = routes.find(req.method(), path);
    if (match.route() == null) {
      ApiResponse r = match.allowed().isEmpty()
          ? ApiResponse.notFound()
          : ApiResponse.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Method Not Allowed\n")
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
      write(ctx, ApiResponse.text(HttpResponseStatus.BAD_REQUEST, "bad request: " + e.getMessage() + "\n"),
          keepAlive, head, route.name(), start);
      return;
    }
    try {
      workers.execute(() -> {
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
      return notReady();
    }
    try {
      ApiResponse r = route.handler().handle(req);
      return r != null ? r : new ApiResponse(HttpResponseStatus.NO_CONTENT, null, Unpooled.EMPTY_BUFFER, Map.of());
    } catch (ApiError e) {
      return e.toResponse(req.alloc());
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "handler " + route.name() + " failed on " + req.path(), t);
      if (t instanceof VirtualMachineError vme && !(t instanceof OutOfMemoryError)) {
        throw vme;
      }
      if (route.api()) {
        return ApiError.internal("internal error: " + t).toResponse(req.alloc());
      }
      return ApiResponse.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n");
    }
  }

  private static ApiResponse notReady() {
    return ApiResponse.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Service Unavailable")
        .withHeader("X-Prometheus-Stopping", "false");
  }

  private ApiResponse withCors(ApiResponse r, String origin) {
    // Prometheus's util/httputil/cors.go: fixed method/header lists, origin echoed when it matches.
    if (origin == null || !options.corsOrigin().matcher(origin).matches()) {
      return r;
    }
    return r.withHeader("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin")
        .withHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        .withHeader("Access-Control-Expose-Headers", "Date")
        .withHeader("Vary", "Origin")
        .withHeader("Access-Control-Allow-Origin", origin);
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
      ctx.writeAndFlush(resp, ctx.voidPromise());
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

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
