package io.promethium.http;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the web server, one per Prometheus {@code --web.*} / {@code --query.*} flag it honours.
 * Immutable and thread-safe; build with {@link #builder()}.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>flag</th><th>default</th></tr>
 *   <tr><td>listenAddress</td><td>--web.listen-address</td><td>{@code 0.0.0.0:9090} ({@code :9090})</td></tr>
 *   <tr><td>externalUrl</td><td>--web.external-url</td><td>none</td></tr>
 *   <tr><td>routePrefix</td><td>--web.route-prefix</td><td>path of the external URL, else {@code /}</td></tr>
 *   <tr><td>enableLifecycle</td><td>--web.enable-lifecycle</td><td>false</td></tr>
 *   <tr><td>enableAdminApi</td><td>--web.enable-admin-api</td><td>false</td></tr>
 *   <tr><td>corsOrigin</td><td>--web.cors.origin</td><td>{@code .*}</td></tr>
 *   <tr><td>maxConnections</td><td>--web.max-connections</td><td>512</td></tr>
 *   <tr><td>queryTimeout</td><td>--query.timeout</td><td>2m</td></tr>
 *   <tr><td>queryMaxConcurrency</td><td>--query.max-concurrency</td><td>20</td></tr>
 *   <tr><td>lookbackDelta</td><td>--query.lookback-delta</td><td>5m</td></tr>
 *   <tr><td>readTimeout</td><td>--web.read-timeout</td><td>5m</td></tr>
 *   <tr><td>maxBodyBytes</td><td>(none; ours)</td><td>10 MiB, larger bodies get 413</td></tr>
 *   <tr><td>maxUrlBytes</td><td>(none; ours)</td><td>64 KiB request line, longer gets 414</td></tr>
 * </table>
 */
public final class WebServerOptions {
  private final String listenAddress;
  private final String externalUrl;
  private final String routePrefix;
  private final boolean enableLifecycle;
  private final boolean enableAdminApi;
  private final Pattern corsOrigin;
  private final int maxConnections;
  private final Duration queryTimeout;
  private final int queryMaxConcurrency;
  private final Duration lookbackDelta;
  private final int maxBodyBytes;
  private final int maxUrlBytes;
  private final int workerThreads;
  private final Duration readTimeout;

  private WebServerOptions(Builder b) {
    this.listenAddress = b.listenAddress;
    this.externalUrl = b.externalUrl;
    this.routePrefix = normalisePrefix(b.routePrefix != null ? b.routePrefix : pathOf(b.externalUrl));
    this.enableLifecycle = b.enableLifecycle;
    this.enableAdminApi = b.enableAdminApi;
    // Prometheus anchors the flag value: "^(?:" + origin + ")$".
    this.corsOrigin = Pattern.compile("^(?:" + b.corsOrigin + ")$");
    this.maxConnections = b.maxConnections;
    this.queryTimeout = b.queryTimeout;
    this.queryMaxConcurrency = b.queryMaxConcurrency;
    this.lookbackDelta = b.lookbackDelta;
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxUrlBytes = b.maxUrlBytes;
    this.workerThreads = b.workerThreads;
    this.readTimeout = b.readTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults of every flag. */
  public static WebServerOptions defaults() {
    return builder().build();
  }

  public String listenAddress() {
    return listenAddress;
  }

  /** The external URL as given, or null. */
  public String externalUrl() {
    return externalUrl;
  }

  /** The route prefix without trailing slash; {@code ""} when routes are served at the root. */
  public String routePrefix() {
    return routePrefix;
  }

  public boolean enableLifecycle() {
    return enableLifecycle;
  }

  public boolean enableAdminApi() {
    return enableAdminApi;
  }

  public Pattern corsOrigin() {
    return corsOrigin;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public Duration queryTimeout() {
    return queryTimeout;
  }

  public int queryMaxConcurrency() {
    return queryMaxConcurrency;
  }

  public Duration lookbackDelta() {
    return lookbackDelta;
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  public int maxUrlBytes() {
    return maxUrlBytes;
  }

  /** Threads that run non-query handlers off the event loop (queries have their own pool, sized by slots). */
  public int workerThreads() {
    return workerThreads;
  }

  /** {@code --web.read-timeout}: a connection with no bytes read for this long is closed. */
  public Duration readTimeout() {
    return readTimeout;
  }

  private static String pathOf(String url) {
    if (url == null || url.isEmpty()) {
      return "";
    }
    try {
      String p = java.net.URI.create(url).getRawPath();
      return p == null ? "" : p;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid --web.external-url " + url + ": " + e.getMessage(), e);
    }
  }

  private static String normalisePrefix(String p) {
    if (p == null) {
      return "";
    }
    String s = p.trim();
    if (!s.startsWith("/")) {
      s = "/" + s;
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** Builder with Prometheus's defaults. Not thread-safe. */
  public static final class Builder {
    private String listenAddress = "0.0.0.0:9090";
    private String externalUrl;
    private String routePrefix;
    private boolean enableLifecycle;
    private boolean enableAdminApi;
    private String corsOrigin = ".*";
    private int maxConnections = 512;
    private Duration queryTimeout = Duration.ofMinutes(2);
    private int queryMaxConcurrency = 20;
    private Duration lookbackDelta = Duration.ofMinutes(5);
    private int maxBodyBytes = 10 << 20;
    private int maxUrlBytes = 64 << 10;
    private int workerThreads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    private Duration readTimeout = Duration.ofMinutes(5);

    private Builder() {}

    /** {@code host:port}, {@code :port} (all interfaces) or {@code [v6]:port}; port 0 picks a free port. */
    public Builder listenAddress(String v) {
      this.listenAddress = Objects.requireNonNull(v);
      return this;
    }

    public Builder externalUrl(String v) {
      this.externalUrl = v;
      return this;
    }

    public Builder routePrefix(String v) {
      this.routePrefix = v;
      return this;
    }

    public Builder enableLifecycle(boolean v) {
      this.enableLifecycle = v;
      return this;
    }

    public Builder enableAdminApi(boolean v) {
      this.enableAdminApi = v;
      return this;
    }

    /** Unanchored regex as given on the command line. */
    public Builder corsOrigin(String v) {
      this.corsOrigin = Objects.requireNonNull(v);
      return this;
    }

    public Builder maxConnections(int v) {
      this.maxConnections = v;
      return this;
    }

    public Builder queryTimeout(Duration v) {
      this.queryTimeout = Objects.requireNonNull(v);
      return this;
    }

    public Builder queryMaxConcurrency(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("--query.max-concurrency must be positive, got " + v);
      }
      this.queryMaxConcurrency = v;
      return this;
    }

    public Builder lookbackDelta(Duration v) {
      this.lookbackDelta = Objects.requireNonNull(v);
      return this;
    }

    public Builder maxBodyBytes(int v) {
      this.maxBodyBytes = v;
      return this;
    }

    public Builder maxUrlBytes(int v) {
      this.maxUrlBytes = v;
      return this;
    }

    public Builder workerThreads(int v) {
      this.workerThreads = v;
      return this;
    }

    public Builder readTimeout(Duration v) {
      this.readTimeout = Objects.requireNonNull(v);
      return this;
    }

    public WebServerOptions build() {
      return new WebServerOptions(this);
    }
  }
}
