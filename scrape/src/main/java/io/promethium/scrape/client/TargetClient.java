package io.promethium.scrape.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
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
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
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
  private final Runnable timeoutTask = this::timedOut;
  private String urlEndpoint;
  /** The response handler of the newest connection (see {@link #send}). */
  private ResponseHandler handler;
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
  // The request bytes of the last exchange, reused while URL, timeout and Authorization stay the same.
  private ByteBuf request;
  private URI requestUri;
  private long requestTimeout;
  private String requestAuth;

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
    timer = loop.schedule(timeoutTask, timeoutMillis, TimeUnit.MILLISECONDS);
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
    // The steady case is the configured URL, whose endpoint is built once rather than per scrape.
    if (u == url && urlEndpoint != null) {
      return urlEndpoint;
    }
    String e = u.getScheme() + "://" + host(u) + ":" + port(u);
    if (u == url) {
      urlEndpoint = e;
    }
    return e;
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
    ChannelFuture f = client.bootstrap(loop, (int) timeoutMillis, tls == null)
        .handler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            if (tls != null) {
              SslHandler ssl = tls.newHandler(ch.alloc(), sniHost, port(target));
              ch.pipeline().addLast("tls", ssl);
            }
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
    if (auth != null && !(redirects == 0 || sameHost(current, url))) {
      // Go drops Authorization when a redirect leaves the original host.
      auth = null;
    }
    ByteBuf req = request;
    if (req == null || requestUri != current || requestTimeout != timeoutMillis
        || !Objects.equals(auth, requestAuth)) {
      byte[] bytes;
      try {
        bytes = encodeRequest(auth);
      } catch (ScrapeException e) {
        finish(e);
        return;
      }
      // Direct and never released: a write sends a duplicate of it with no copy and no allocation from
      // the pool; the GC frees it with this client.
      req = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(
          ByteBuffer.allocateDirect(bytes.length).put(bytes).flip()));
      request = req;
      requestUri = current;
      requestTimeout = timeoutMillis;
      requestAuth = auth;
    }
    ResponseHandler h = handler;
    if (h == null || h.ch != ch) {
      h = ch.pipeline().get(ResponseHandler.class);
      handler = h;
    }
    h.decoder.expectResponse();
    // A failed write reaches ResponseHandler.exceptionCaught through the void promise: no promise or
    // listener per scrape.
    ch.writeAndFlush(req.duplicate(), ch.voidPromise());
  }

  /** The GET request for {@link #current}, with Prometheus's headers in the order Netty used to write them. */
  private byte[] encodeRequest(String auth) throws ScrapeException {
    String uri = settings.proxy() != null ? current.toASCIIString() : pathAndQuery(current);
    StringBuilder sb = new StringBuilder(256);
    sb.append("GET ").append(uri).append(" HTTP/1.1\r\n");
    header(sb, "Host", current.getRawAuthority());
    header(sb, "User-Agent", settings.userAgent());
    header(sb, "Accept", settings.acceptHeader());
    header(sb, "Accept-Encoding", "gzip");
    header(sb, "X-Prometheus-Scrape-Timeout-Seconds", seconds(timeoutMillis));
    if (auth != null) {
      header(sb, "Authorization", auth);
    }
    sb.append("\r\n");
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void header(StringBuilder sb, String name, String value) throws ScrapeException {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new ScrapeException(ScrapeException.Kind.CONFIG, "invalid " + name + " header value: control "
            + "character at index " + i);
      }
    }
    sb.append(name).append(": ").append(value).append("\r\n");
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

  private void onResponse(int code, String reason, String ct, String encoding, String loc) {
    responseSeen = true;
    if (code == 200) {
      gzipped = "gzip".equals(encoding);
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
      if (loc != null && !loc.isEmpty()) {
        location = loc;
        return;
      }
    }
    // Go's resp.Status: the status line after the version, e.g. "500 Internal Server Error", or "500".
    pending = new ScrapeException(ScrapeException.Kind.HTTP_STATUS, "server returned HTTP status " + code
        + (reason.isEmpty() ? "" : " " + reason));
  }

  private static boolean isRedirect(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  }

  private void onContent(ByteBuf buf, int index, int length) {
    if (discardBody || length == 0) {
      return;
    }
    if (gzipped) {
      switch (gzip.feed(buf.slice(index, length), body)) {
        case LIMIT -> fail(ScrapeException.Kind.BODY_SIZE_LIMIT, ScrapeException.BODY_SIZE_LIMIT_MESSAGE, true);
        case ERROR -> fail(ScrapeException.Kind.PROTOCOL, gzip.error(), true);
        default -> { }
      }
    } else if (!body.append(buf, index, length)) {
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

  /**
   * Decodes the responses of one connection and feeds them to the exchange; events of a replaced
   * connection are dropped.
   */
  private final class ResponseHandler extends ChannelInboundHandlerAdapter implements ResponseDecoder.Sink {
    final ResponseDecoder decoder = new ResponseDecoder(this);
    private Channel ch;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      ch = ctx.channel();
    }

    private boolean current() {
      return ch == channel && listener != null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (current() && msg instanceof ByteBuf buf) {
          decoder.feed(buf);
          if (decoder.broken() && current()) {
            // Bytes when no response was expected: the connection is out of step.
            fail(ScrapeException.Kind.PROTOCOL, prefix() + "malformed HTTP response: unsolicited data", true);
          }
        } else if (msg instanceof ByteBuf && ch == channel && listener == null) {
          // Bytes between exchanges: the server is out of step; do not reuse the connection.
          dropChannel();
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public boolean head(int code, String reason, String contentType, String contentEncoding, String location) {
      if (!current()) {
        return false;
      }
      onResponse(code, reason, contentType, contentEncoding, location);
      return true;
    }

    @Override
    public boolean content(ByteBuf buf, int index, int length) {
      if (!current()) {
        return false;
      }
      onContent(buf, index, length);
      return current();
    }

    @Override
    public void end(boolean keepAliveAfter) {
      if (current()) {
        keepAlive = keepAliveAfter;
        onLast();
      }
    }

    @Override
    public void malformed(String message) {
      if (current()) {
        fail(ScrapeException.Kind.PROTOCOL, prefix() + "malformed HTTP response: " + message, true);
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
      if (current() && !decoder.closed()) {
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
