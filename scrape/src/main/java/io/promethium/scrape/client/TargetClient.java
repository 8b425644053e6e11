package io.promethium.scrape.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes one target URL: one request at a time over a keep-alive connection that is re-opened when the
 * server closes it, the body landing in a {@link BodyBuffer} owned by this client.
 *
 * <p>Every state change runs on the one event loop this client is bound to, so the fields need no locks;
 * {@link #scrape} may be called from any thread, but not again before its listener ran. The body and
 * {@link #contentType()} are valid from the listener until the next {@link #scrape}.
 *
 * <p>Failure texts follow Go's {@code net/http} as Prometheus shows them: {@code Get "<url>": context
 * deadline exceeded}, {@code Get "<url>": dial tcp <addr>: connect: connection refused}, {@code server
 * returned HTTP status 500 Internal Server Error}, {@code body size limit exceeded}.
 */
public final class TargetClient implements AutoCloseable {
  /** Called once per scrape on the client's event loop; {@code error} is null on success. */
  @FunctionalInterface
  public interface Listener {
    void scrapeDone(ScrapeException error);
  }

  private static final int MAX_REDIRECTS = 10;

  private final ScrapeClient client;
  private final EventLoop loop;
  private final URI url;
  private final ClientSettings settings;
  private final BodyBuffer body;
  private GzipBodyDecoder gzip;

  private Channel channel;
  private String channelEndpoint;
  private boolean closed;

  // The exchange in progress.
  private Listener listener;
  private long exchangeId;
  private ScheduledFuture<?> timer;
  private long timeoutMillis;
  private URI current;
  private int redirects;
  private boolean reused;
  private boolean retried;
  private boolean responseSeen;
  private boolean gzipped;
  private boolean keepAlive;
  private boolean discardBody;
  private String location;
  private ScrapeException pending;
  private String contentType = "";

  TargetClient(ScrapeClient client, EventLoop loop, URI url, ClientSettings settings) {
    this.client = client;
    this.loop = loop;
    this.url = url;
    this.settings = settings;
    this.body = new BodyBuffer(client.bodyPool());
  }

  public URI url() {
    return url;
  }

  /** The event loop this client runs on (the scrape loop schedules its timers here too). */
  public EventLoop eventLoop() {
    return loop;
  }

  /** The last body; valid from the listener until {@link #releaseBody()} or the next scrape. */
  public BodyBuffer body() {
    return body;
  }

  /**
   * Gives the body's array back to the shared pool once it has been ingested; call from the thread that
   * read the body, before the next scrape is started.
   */
  public void releaseBody() {
    body.release();
  }

  /** The {@code Content-Type} of the last successful response, or "". */
  public String contentType() {
    return contentType;
  }

  /** Starts a scrape that must finish within {@code timeoutMillis}; the listener runs exactly once. */
  public void scrape(long timeoutMillis, Listener listener) {
    if (loop.inEventLoop()) {
      start(timeoutMillis, listener);
    } else {
      loop.execute(() -> start(timeoutMillis, listener));
    }
  }

  private void start(long timeoutMillis, Listener l) {
    if (this.listener != null) {
      l.scrapeDone(new ScrapeException(ScrapeException.Kind.CONFIG, "scrape already in progress"));
      return;
    }
    if (closed) {
      l.scrapeDone(new ScrapeException(ScrapeException.Kind.CONFIG, "scrape client closed"));
      return;
    }
    this.listener = l;
    this.exchangeId++;
    this.timeoutMillis = timeoutMillis;
    this.current = url;
    this.redirects = 0;
    this.retried = false;
    long limit = settings.bodySizeLimit() > 0 ? settings.bodySizeLimit() : client.maxBodyBytes();
    body.reset(limit);
    contentType = "";
    timer = loop.schedule(this::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
    request();
  }

  /** Sends the request for {@link #current} on the open connection, or connects first. */
  private void request() {
    resetResponse();
    String endpoint = endpoint(current);
    if (channel != null && channel.isActive() && endpoint.equals(channelEndpoint)) {
      reused = true;
      send(channel);
      return;
    }
    dropChannel();
    reused = false;
    connect(endpoint);
  }

  private void resetResponse() {
    responseSeen = false;
    gzipped = false;
    keepAlive = true;
    discardBody = false;
    location = null;
    pending = null;
    body.reset(settings.bodySizeLimit() > 0 ? settings.bodySizeLimit() : client.maxBodyBytes());
  }

  private String endpoint(URI u) {
    return u.getScheme() + "://" + host(u) + ":" + port(u);
  }

  private static String host(URI u) {
    String h = u.getHost();
    if (h != null && h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h;
  }

  private static int port(URI u) {
    if (u.getPort() > 0) {
      return u.getPort();
    }
    return "https".equals(u.getScheme()) ? 443 : 80;
  }

  private void connect(String endpoint) {
    URI target = current;
    boolean https = "https".equals(target.getScheme());
    SslContext tls;
    try {
      tls = https ? (settings.sslContext() != null ? settings.sslContext() : client.defaultTls()) : null;
      if (https && settings.proxy() != null) {
        throw new ScrapeException(ScrapeException.Kind.CONFIG, "proxy_url is supported for http targets only");
      }
    } catch (ScrapeException e) {
      finish(e);
      return;
    }
    URI dial = settings.proxy() != null ? settings.proxy() : target;
    String dialHost = host(dial);
    int dialPort = port(dial);
    String sniHost = settings.tlsServerName() != null && !settings.tlsServerName().isEmpty()
        ? settings.tlsServerName() : host(target);
    if (NetUtil.isValidIpV4Address(dialHost) || NetUtil.isValidIpV6Address(dialHost)) {
      dial(new InetAddress[] {null}, 0, endpoint, target, tls, sniHost, dialHost, dialPort);
      return;
    }
    long id = exchangeId;
    String pre = prefix();
    try {
      client.resolver().execute(() -> {
        InetAddress[] addrs = null;
        String err = null;
        try {
          addrs = InetAddress.getAllByName(dialHost);
        } catch (UnknownHostException e) {
          err = pre + "dial tcp: lookup " + dialHost + ": no such host";
        } catch (RuntimeException e) {
          err = pre + "dial tcp: lookup " + dialHost + ": " + e.getMessage();
        }
        InetAddress[] resolved = addrs;
        String error = err;
        loop.execute(() -> {
          if (id != exchangeId || listener == null) {
            return;
          }
          if (error != null) {
            fail(ScrapeException.Kind.CONNECTION, error, true);
          } else {
            dial(resolved, 0, endpoint, target, tls, sniHost, dialHost, dialPort);
          }
        });
      });
    } catch (RejectedExecutionException e) {
      fail(ScrapeException.Kind.CONNECTION, prefix() + "scrape client closed", true);
    }
  }

  /**
   * Connects to {@code addrs[i]} (already resolved: no DNS on the event loop; a null entry means the host
   * is an IP literal). When a connection fails, the next address is tried, as Go's dialer walks the
   * addresses of a name (e.g. {@code localhost} as ::1, then 127.0.0.1).
   */
  private void dial(InetAddress[] addrs, int i, String endpoint, URI target, SslContext tls, String sniHost,
      String dialHost, int dialPort) {
    InetSocketAddress addr = addrs[i] == null ? new InetSocketAddress(dialHost, dialPort)
        : new InetSocketAddress(addrs[i], dialPort);
    ChannelFuture f = client.bootstrap(loop, (int) timeoutMillis)
        .handler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            if (tls != null) {
              SslHandler ssl = tls.newHandler(ch.alloc(), sniHost, port(target));
              ch.pipeline().addLast("tls", ssl);
            }
            ch.pipeline().addLast("http", new HttpClientCodec());
            ch.pipeline().addLast("scrape", new ResponseHandler());
          }
        })
        .connect(addr);
    channel = f.channel();
    channelEndpoint = endpoint;
    f.addListener((ChannelFuture cf) -> {
      if (cf.channel() != channel || listener == null) {
        if (!cf.isSuccess()) {
          cf.channel().close();
        }
        return;
      }
      if (!cf.isSuccess()) {
        if (i + 1 < addrs.length && !(cf.cause() instanceof io.netty.channel.ConnectTimeoutException)) {
          dial(addrs, i + 1, endpoint, target, tls, sniHost, dialHost, dialPort);
          return;
        }
        fail(ScrapeException.Kind.CONNECTION, connectMessage(dialHost, dialPort, cf.cause()), true);
        return;
      }
      send(cf.channel());
    });
  }

  private String connectMessage(String host, int port, Throwable cause) {
    String addr = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    String msg = cause == null ? "unknown error" : String.valueOf(cause.getMessage());
    if (cause instanceof ConnectException && msg.toLowerCase().contains("refused")) {
      return prefix() + "dial tcp " + addr + ": connect: connection refused";
    }
    if (cause instanceof io.netty.channel.ConnectTimeoutException) {
      return prefix() + "context deadline exceeded";
    }
    return prefix() + "dial tcp " + addr + ": " + lower(msg);
  }

  private String prefix() {
    return "Get \"" + current + "\": ";
  }

  private static String lower(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private void send(Channel ch) {
    String auth = null;
    if (settings.authorization() != null) {
      try {
        auth = settings.authorization().value();
      } catch (ScrapeException e) {
        finish(e);
        return;
      }
    }
    String uri = settings.proxy() != null ? current.toASCIIString() : pathAndQuery(current);
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    var h = req.headers();
    h.set(HttpHeaderNames.HOST, current.getRawAuthority());
    h.set(HttpHeaderNames.USER_AGENT, settings.userAgent());
    h.set(HttpHeaderNames.ACCEPT, settings.acceptHeader());
    h.set(HttpHeaderNames.ACCEPT_ENCODING, "gzip");
    h.set("X-Prometheus-Scrape-Timeout-Seconds", seconds(timeoutMillis));
    if (auth != null && (redirects == 0 || sameHost(current, url))) {
      // Go drops Authorization when a redirect leaves the original host.
      h.set(HttpHeaderNames.AUTHORIZATION, auth);
    }
    ch.writeAndFlush(req).addListener((ChannelFuture wf) -> {
      if (!wf.isSuccess() && wf.channel() == channel && listener != null) {
        connectionLost(wf.cause());
      }
    });
  }

  private static boolean sameHost(URI a, URI b) {
    return String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()));
  }

  private static String pathAndQuery(URI u) {
    String path = u.getRawPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    return u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
  }

  /** Go's {@code strconv.FormatFloat(seconds, 'f', -1, 64)}: "10", "0.5". */
  static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }

  private void timedOut() {
    if (listener != null) {
      fail(ScrapeException.Kind.TIMEOUT, prefix() + "context deadline exceeded", true);
    }
  }

  /** The connection broke: retry once on a fresh one if it was an idle keep-alive the server dropped. */
  private void connectionLost(Throwable cause) {
    if (reused && !responseSeen && !retried) {
      retried = true;
      dropChannel();
      request();
      return;
    }
    String msg;
    if (responseSeen) {
      msg = "unexpected EOF";
    } else if (cause == null || cause instanceof ClosedChannelException) {
      msg = prefix() + "EOF";
    } else {
      msg = prefix() + "read: " + lower(String.valueOf(cause.getMessage()));
    }
    fail(ScrapeException.Kind.CONNECTION, msg, true);
  }

  private void onResponse(HttpResponse resp) {
    responseSeen = true;
    keepAlive = HttpUtil.isKeepAlive(resp);
    int code = resp.status().code();
    if (code == 200) {
      gzipped = "gzip".equals(resp.headers().get(HttpHeaderNames.CONTENT_ENCODING));
      String ct = resp.headers().get(HttpHeaderNames.CONTENT_TYPE);
      contentType = ct == null ? "" : ct;
      if (gzipped) {
        if (gzip == null) {
          gzip = new GzipBodyDecoder();
        }
        gzip.reset();
      }
      return;
    }
    discardBody = true;
    if (settings.followRedirects() && isRedirect(code)) {
      String loc = resp.headers().get(HttpHeaderNames.LOCATION);
      if (loc != null && !loc.isEmpty()) {
        location = loc;
        return;
      }
    }
    pending = new ScrapeException(ScrapeException.Kind.HTTP_STATUS, "server returned HTTP status " + resp.status());
  }

  private static boolean isRedirect(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  }

  private void onContent(HttpContent c) {
    if (discardBody || c.content().readableBytes() == 0) {
      return;
    }
    if (gzipped) {
      switch (gzip.feed(c.content(), body)) {
        case LIMIT -> fail(ScrapeException.Kind.BODY_SIZE_LIMIT, ScrapeException.BODY_SIZE_LIMIT_MESSAGE, true);
        case ERROR -> fail(ScrapeException.Kind.PROTOCOL, gzip.error(), true);
        default -> { }
      }
    } else if (!body.append(c.content())) {
      fail(ScrapeException.Kind.BODY_SIZE_LIMIT, ScrapeException.BODY_SIZE_LIMIT_MESSAGE, true);
    }
  }

  private void onLast() {
    if (!keepAlive) {
      dropChannel();
    }
    if (pending != null) {
      finish(pending);
      return;
    }
    if (location != null) {
      if (++redirects > MAX_REDIRECTS) {
        fail(ScrapeException.Kind.PROTOCOL, prefix() + "stopped after 10 redirects", false);
        return;
      }
      try {
        current = current.resolve(location);
      } catch (IllegalArgumentException e) {
        fail(ScrapeException.Kind.PROTOCOL, prefix() + "invalid redirect location " + location, false);
        return;
      }
      request();
      return;
    }
    if (gzipped && gzip.finish() != GzipBodyDecoder.Result.OK) {
      fail(ScrapeException.Kind.PROTOCOL, gzip.error(), true);
      return;
    }
    finish(null);
  }

  private void fail(ScrapeException.Kind kind, String message, boolean closeConnection) {
    if (closeConnection) {
      dropChannel();
    }
    finish(new ScrapeException(kind, message));
  }

  private void finish(ScrapeException error) {
    Listener l = listener;
    if (l == null) {
      return;
    }
    listener = null;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    if (gzip != null) {
      // zlib keeps a 32 KiB window per stream: free it between scrapes rather than hold it per target.
      gzip.close();
      gzip = null;
    }
    l.scrapeDone(error);
  }

  private void dropChannel() {
    Channel ch = channel;
    channel = null;
    channelEndpoint = null;
    if (ch != null) {
      ch.close();
    }
  }

  /** Closes the connection; a scrape in progress fails. */
  @Override
  public void close() {
    if (loop.isShuttingDown()) {
      // The group is going away and takes the connection with it.
      return;
    }
    loop.execute(() -> {
      closed = true;
      if (listener != null) {
        fail(ScrapeException.Kind.CONNECTION, prefix() + "context canceled", true);
      }
      dropChannel();
      if (gzip != null) {
        gzip.close();
        gzip = null;
      }
      body.release();
    });
  }

  /** Feeds the events of one connection to the exchange; events of a replaced connection are dropped. */
  private final class ResponseHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (ctx.channel() != channel || listener == null || !(msg instanceof HttpObject obj)) {
          return;
        }
        DecoderResult dr = obj.decoderResult();
        if (dr.isFailure()) {
          Throwable cause = dr.cause();
          if (cause instanceof PrematureChannelClosureException) {
            connectionLost(cause);
          } else {
            fail(ScrapeException.Kind.PROTOCOL, prefix() + "malformed HTTP response: " + cause.getMessage(), true);
          }
          return;
        }
        if (obj instanceof HttpResponse resp) {
          onResponse(resp);
        }
        if (obj instanceof HttpContent content && listener != null) {
          onContent(content);
          if (obj instanceof LastHttpContent && listener != null) {
            onLast();
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess() && ctx.channel() == channel
          && listener != null) {
        fail(ScrapeException.Kind.CONNECTION, prefix() + "tls: " + rootMessage(hs.cause()), true);
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (ctx.channel() == channel && listener != null) {
        connectionLost(null);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (ctx.channel() == channel && listener != null) {
        if (cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() instanceof
            javax.net.ssl.SSLException) {
          fail(ScrapeException.Kind.CONNECTION, prefix() + "tls: " + rootMessage(cause), true);
        } else {
          connectionLost(cause);
        }
      }
      ctx.close();
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return String.valueOf(c.getMessage());
  }
}
