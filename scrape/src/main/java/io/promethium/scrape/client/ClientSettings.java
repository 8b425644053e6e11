package io.promethium.scrape.client;

import io.netty.handler.ssl.SslContext;
import java.net.URI;

/**
 * How to talk to the targets of one scrape pool: what {@code scrape_config}'s HTTP options boil down to.
 * Immutable and shared by all targets of the pool.
 *
 * @param acceptHeader the {@code Accept} header (see {@link #PROMETHEUS_ACCEPT})
 * @param userAgent the {@code User-Agent} header
 * @param sslContext the client TLS context for {@code https} targets, or {@code null} to use the default
 * @param tlsServerName {@code tls_config.server_name}: SNI and certificate name, or {@code null} for the host
 * @param authorization the {@code Authorization} header source, or {@code null}
 * @param followRedirects {@code follow_redirects}
 * @param proxy {@code proxy_url} ({@code http://host:port}; plain-http targets only), or {@code null}
 * @param bodySizeLimit {@code body_size_limit} in bytes, 0 for none (a client-wide safety cap still applies)
 */
public record ClientSettings(
    String acceptHeader,
    String userAgent,
    SslContext sslContext,
    String tlsServerName,
    AuthorizationHeader authorization,
    boolean followRedirects,
    URI proxy,
    long bodySizeLimit) {

  /** What Prometheus 2.48 sends: OpenMetrics first, then the text format, then anything. */
  public static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
      + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  /** Our {@code User-Agent}, shaped like Prometheus's {@code Prometheus/2.48.0}. */
  public static final String USER_AGENT = "Promethium/0.1.0";

  /** Plain defaults: Prometheus's Accept header, no TLS options, no auth, redirects followed, no limit. */
  public static ClientSettings defaults() {
    return new ClientSettings(PROMETHEUS_ACCEPT, USER_AGENT, null, null, null, true, null, 0);
  }

  public ClientSettings withBodySizeLimit(long limit) {
    return new ClientSettings(acceptHeader, userAgent, sslContext, tlsServerName, authorization,
        followRedirects, proxy, limit);
  }
}
