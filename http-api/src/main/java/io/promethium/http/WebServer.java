package io.promethium.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.http.api.Endpoints;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The Prometheus-compatible HTTP server on Netty: {@code /-/healthy}, {@code /-/ready}, {@code /api/v1/*},
 * {@code /federate}, {@code /metrics}, lifecycle and admin endpoints, all below the route prefix. Uses
 * epoll when the native transport is on the class path, else NIO. Handlers run on a bounded worker pool,
 * never on the event loop. Thread-safe; {@link #start()} and {@link #stop()} once each.
 *
 * <pre>{@code
 * WebServer web = new WebServer(WebServerOptions.builder().listenAddress(":9090").build(),
 *     new ApiBackend().ready(() -> tsdbOpen), registry);
 * web.start();
 * int port = web.boundPort();
 * }</pre>
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WebServer.class.getName());

  private final WebServerOptions options;
  private final ApiBackend backend;
  private final MetricsRegistry registry;
  private final Routes routes;
  private final Endpoints api;
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private ThreadPoolExecutor handlerPool;
  private ThreadPoolExecutor queryHandlerPool;
  private Channel serverChannel;

  /**
   * @param registry where the HTTP and engine self-metrics go and what {@code /metrics} renders; a fresh one
   *     when {@code null}
   */
  public WebServer(WebServerOptions options, ApiBackend backend, MetricsRegistry registry) {
    this.options = options;
    this.backend = backend == null ? new ApiBackend() : backend;
    this.registry = registry == null ? new MetricsRegistry() : registry;
    this.api = new Endpoints(options, this.backend, this.registry);
    this.routes = new Routes();
    api.register(routes);
  }

  /** The backend whose parts may be wired while the server runs. */
  public ApiBackend backend() {
    return backend;
  }

  public MetricsRegistry registry() {
    return registry;
  }

  /** Binds the listen address and starts serving. */
  public synchronized void start() throws InterruptedException {
    if (serverChannel != null) {
      throw new IllegalStateException("web server already started");
    }
    InetSocketAddress addr = ListenAddress.parse(options.listenAddress());
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class
        : NioServerSocketChannel.class;
    boss = new IdleSleepingEventLoopGroup(1, new DefaultThreadFactory("http-accept"), factory);
    workers = new IdleSleepingEventLoopGroup(Math.min(4, Runtime.getRuntime().availableProcessors()),
        new DefaultThreadFactory("http-io"), factory);
    handlerPool = pool("http-worker", options.workerThreads());
    // A query handler waits on its thread while the query pool evaluates: one thread per query slot, plus
    // a few to answer "query timed out in query queue" promptly when every slot is taken.
    queryHandlerPool = pool("http-query", options.queryMaxConcurrency() + 2);
    HttpMetrics metrics = new HttpMetrics(registry);
    RequestDispatcher dispatcher = new RequestDispatcher(options, backend, routes, metrics, handlerPool,
        queryHandlerPool);
    ConnectionLimiter limiter = new ConnectionLimiter(options.maxConnections());
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(channelClass)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ChannelPipeline p = ch.pipeline();
            p.addLast(limiter);
            if (!options.readTimeout().isZero()) {
              p.addLast(new ReadTimeoutHandler(options.readTimeout().toMillis(), TimeUnit.MILLISECONDS));
            }
            p.addLast(new HttpServerCodec(options.maxUrlBytes(), 64 << 10, 64 << 10));
            // gzip and deflate, as Prometheus's CompressionHandler; tiny bodies are not worth it.
            p.addLast(new HttpContentCompressor(1024, StandardCompressionOptions.gzip(),
                StandardCompressionOptions.deflate()));
            p.addLast(new HttpObjectAggregator(options.maxBodyBytes()));
            p.addLast(dispatcher);
          }
        });
    try {
      serverChannel = b.bind(addr).sync().channel();
    } catch (Exception e) {
      stopQuietly();
      throw e;
    }
    LOG.info(() -> "Start listening for connections address=" + serverChannel.localAddress()
        + " transport=" + (epoll ? "epoll" : "nio"));
  }

  /** A fixed pool of daemon threads with a bounded queue (beyond it, requests get 503). */
  private static ThreadPoolExecutor pool(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(1024), r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    p.allowCoreThreadTimeOut(true);
    return p;
  }

  /** The port actually bound (useful with port 0), or -1 before start. */
  public synchronized int boundPort() {
    return serverChannel == null ? -1 : ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Closes the listener and open connections and stops the worker threads. */
  public synchronized void stop() {
    stopQuietly();
  }

  @Override
  public void close() {
    stop();
  }

  private void stopQuietly() {
    if (serverChannel != null) {
      serverChannel.close().awaitUninterruptibly();
      serverChannel = null;
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
      workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
      boss = null;
      workers = null;
    }
    if (handlerPool != null) {
      handlerPool.shutdownNow();
      queryHandlerPool.shutdownNow();
      handlerPool = null;
      queryHandlerPool = null;
    }
    api.close();
  }

  /** Closes connections beyond {@code --web.max-connections}. Sharable, thread-safe. */
  @io.netty.channel.ChannelHandler.Sharable
  private static final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimiter(int max) {
      this.max = max;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      int now = open.incrementAndGet();
      if (max > 0 && now > max) {
        open.decrementAndGet();
        ctx.close();
        return;
      }
      ctx.pipeline().remove(this);
      ctx.channel().closeFuture().addListener(f -> open.decrementAndGet());
      super.channelActive(ctx);
    }
  }
}
