package io.promethium.scrape.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The shared scrape HTTP client: one Netty event loop group (epoll when the native transport is on the
 * class path, NIO otherwise) serving every target; {@link #newTarget} gives each target its own keep-alive
 * connection and body buffer. Thread-safe.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>what</th><th>default</th><th>why</th></tr>
 *   <tr><td>body without {@code body_size_limit}</td><td>256 MiB</td><td>Prometheus has no cap; a gzip
 *       bomb must not take the heap, and no real target exposes this much</td></tr>
 *   <tr><td>connect timeout</td><td>the scrape timeout</td><td>the scrape deadline covers connecting</td></tr>
 *   <tr><td>redirects</td><td>10</td><td>Go's {@code net/http} default</td></tr>
 *   <tr><td>DNS lookups in parallel</td><td>4 threads</td><td>blocking lookups stay off the event
 *       loops; the JVM caches answers</td></tr>
 *   <tr><td>idle body arrays</td><td>32 MiB</td><td>bodies are borrowed per scrape from a shared pool, so
 *       memory follows scrapes in flight, not targets</td></tr>
 * </table>
 */
public final class ScrapeClient implements AutoCloseable {
  /** Cap on a body when the pool sets no {@code body_size_limit}. */
  public static final long DEFAULT_MAX_BODY_BYTES = 256L << 20;
  /** Idle body arrays kept for reuse across targets; beyond this they are left to the GC. */
  public static final long MAX_POOLED_BODY_BYTES = 32L << 20;

  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final Class<? extends Channel> channelClass;
  private final long maxBodyBytes;
  private final BodyBufferPool bodyPool = new BodyBufferPool(MAX_POOLED_BODY_BYTES);
  /**
   * Host name lookups block ({@code InetAddress}); they run here, never on an event loop, so one slow DNS
   * answer cannot stall every target's scrape. IP literals skip it.
   */
  private final ExecutorService resolver;
  private volatile SslContext defaultTls;

  /** A client with its own event loop group of {@code threads} threads. */
  public ScrapeClient(int threads) {
    this(newGroup(threads), true, DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * A client on an existing group, which the caller shuts down; the group must be of the transport
   * {@link #nativeTransport()} reports.
   */
  public ScrapeClient(EventLoopGroup group, boolean ownsGroup, long maxBodyBytes) {
    this.group = group;
    this.ownsGroup = ownsGroup;
    this.channelClass = nativeTransport() ? EpollSocketChannel.class : NioSocketChannel.class;
    this.maxBodyBytes = maxBodyBytes;
    ThreadPoolExecutor dns = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        new DefaultThreadFactory("scrape-dns", true));
    dns.allowCoreThreadTimeOut(true);
    this.resolver = dns;
  }

  /** Whether the epoll transport is usable here (the native library is loaded). */
  public static boolean nativeTransport() {
    return Epoll.isAvailable();
  }

  /** A new event loop group of the transport this client uses. */
  public static EventLoopGroup newGroup(int threads) {
    IoHandlerFactory factory = nativeTransport() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("scrape-io", true), factory);
  }

  public EventLoopGroup group() {
    return group;
  }

  /** A client for one target URL; it binds to one event loop of the group for its whole life. */
  public TargetClient newTarget(URI url, ClientSettings settings) {
    return new TargetClient(this, group.next(), url, settings);
  }

  /**
   * A bootstrap for one connection; {@code plain} (no TLS) connections read into the loop's shared
   * receive buffer ({@link LoopReadBuffer}).
   */
  Bootstrap bootstrap(io.netty.channel.EventLoop loop, int connectTimeoutMillis, boolean plain) {
    Bootstrap b = new Bootstrap()
        .group(loop)
        .channel(channelClass)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.max(1, connectTimeoutMillis));
    if (plain) {
      b.option(ChannelOption.RCVBUF_ALLOCATOR, LoopReadBuffer.INSTANCE);
    }
    return b;
  }

  long maxBodyBytes() {
    return maxBodyBytes;
  }

  BodyBufferPool bodyPool() {
    return bodyPool;
  }

  ExecutorService resolver() {
    return resolver;
  }

  SslContext defaultTls() throws ScrapeException {
    SslContext c = defaultTls;
    if (c == null) {
      synchronized (this) {
        c = defaultTls;
        if (c == null) {
          try {
            c = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
          } catch (SSLException e) {
            throw new ScrapeException(ScrapeException.Kind.CONFIG, "default TLS context: " + e.getMessage());
          }
          defaultTls = c;
        }
      }
    }
    return c;
  }

  @Override
  public void close() {
    resolver.shutdownNow();
    if (ownsGroup) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
