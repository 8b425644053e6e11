package io.promethium.core.config;

/**
 * The HTTP client settings shared by scrape jobs, service discovery, alertmanagers and remote
 * read/write (Prometheus's {@code common/config.HTTPClientConfig}). Immutable and thread-safe. At most
 * one of basic auth and authorization is set; the deprecated {@code bearer_token}/{@code
 * bearer_token_file} are folded into an {@link Authorization} of type {@code Bearer}.
 *
 * @param basicAuth null when unset
 * @param authorization null when unset
 * @param tlsConfig never null ({@link TlsConfig#DEFAULT} when unset)
 * @param proxyUrl null when unset
 */
public record HttpClientConfig(
    BasicAuth basicAuth,
    Authorization authorization,
    TlsConfig tlsConfig,
    boolean followRedirects,
    String proxyUrl,
    boolean enableHttp2) {

  /** No auth, default TLS, follow redirects, HTTP/2 allowed: Prometheus's defaults. */
  public static final HttpClientConfig DEFAULT =
      new HttpClientConfig(null, null, TlsConfig.DEFAULT, true, null, true);

  public HttpClientConfig {
    if (tlsConfig == null) {
      tlsConfig = TlsConfig.DEFAULT;
    }
  }
}
