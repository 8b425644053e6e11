package io.promethium.scrape.loop;

import io.netty.handler.ssl.SslContext;
import io.promethium.core.config.HttpClientConfig;
import io.promethium.core.config.ScrapeConfig;
import io.promethium.core.config.TlsConfig;
import io.promethium.scrape.client.AuthorizationHeader;
import io.promethium.scrape.client.ClientSettings;
import io.promethium.scrape.client.ScrapeException;
import io.promethium.scrape.client.TlsContexts;
import java.net.URI;
import java.nio.file.Path;

/**
 * Builds a pool's {@link ClientSettings} from its {@code scrape_config}: reads the TLS files once (a bad
 * file fails the pool, as Prometheus's {@code error creating HTTP client}), prepares the authorization
 * header source. Stateless.
 */
final class ClientSettingsFactory {
  private ClientSettingsFactory() {}

  static ClientSettings from(ScrapeConfig cfg) throws ScrapeException {
    HttpClientConfig http = cfg.httpClient() == null ? HttpClientConfig.DEFAULT : cfg.httpClient();
    TlsConfig tls = http.tlsConfig();
    SslContext ssl = null;
    if (tls.caFile() != null || tls.certFile() != null || tls.insecureSkipVerify() || tls.minVersion() != null) {
      ssl = TlsContexts.client(path(tls.caFile()), path(tls.certFile()), path(tls.keyFile()),
          tls.insecureSkipVerify(), tls.minVersion());
    }
    AuthorizationHeader auth = null;
    if (http.basicAuth() != null) {
      var b = http.basicAuth();
      auth = b.passwordFile() != null && !b.passwordFile().isEmpty()
          ? AuthorizationHeader.basicPasswordFile(b.username(), Path.of(b.passwordFile()))
          : AuthorizationHeader.basic(b.username(), b.password());
    } else if (http.authorization() != null) {
      var a = http.authorization();
      auth = a.credentialsFile() != null && !a.credentialsFile().isEmpty()
          ? AuthorizationHeader.credentialsFile(a.type(), Path.of(a.credentialsFile()))
          : AuthorizationHeader.credentials(a.type(), a.credentials() == null ? "" : a.credentials());
    }
    URI proxy = null;
    if (http.proxyUrl() != null && !http.proxyUrl().isEmpty()) {
      try {
        proxy = URI.create(http.proxyUrl());
      } catch (IllegalArgumentException e) {
        throw new ScrapeException(ScrapeException.Kind.CONFIG, "invalid proxy_url: " + e.getMessage());
      }
      if (!"http".equals(proxy.getScheme()) || proxy.getHost() == null) {
        throw new ScrapeException(ScrapeException.Kind.CONFIG,
            "proxy_url " + http.proxyUrl() + ": only http://host:port proxies are supported");
      }
    }
    return new ClientSettings(ClientSettings.PROMETHEUS_ACCEPT, ClientSettings.USER_AGENT, ssl,
        emptyToNull(tls.serverName()), auth, http.followRedirects(), proxy, cfg.bodySizeLimitBytes());
  }

  private static Path path(String s) {
    return s == null || s.isEmpty() ? null : Path.of(s);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
