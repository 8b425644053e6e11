package io.promethium.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads the inline HTTP client fields of a section ({@code common/config.HTTPClientConfig}) and applies
 * its validation. Stateless.
 */
final class HttpClientReader {
  /** The keys an HTTP client config contributes to the section that inlines it. */
  static final Set<String> KEYS =
      Set.of(
          "basic_auth",
          "authorization",
          "oauth2",
          "bearer_token",
          "bearer_token_file",
          "tls_config",
          "proxy_url",
          "no_proxy",
          "proxy_from_environment",
          "proxy_connect_header",
          "follow_redirects",
          "enable_http2");

  private static final Set<String> BASIC_AUTH_KEYS = Set.of("username", "password", "password_file");
  private static final Set<String> AUTHORIZATION_KEYS = Set.of("type", "credentials", "credentials_file");
  private static final Set<String> TLS_KEYS =
      Set.of(
          "ca", "ca_file", "cert", "cert_file", "key", "key_file", "server_name", "insecure_skip_verify",
          "min_version", "max_version");
  private static final Set<String> TLS_VERSIONS = Set.of("TLS10", "TLS11", "TLS12", "TLS13");

  private HttpClientReader() {}

  /**
   * Reads the HTTP client fields of {@code m}; {@code enableHttp2Default} differs for remote write.
   * Relative file names are resolved against {@code dir} when it is not null.
   */
  static HttpClientConfig read(YamlMap m, Path dir, boolean enableHttp2Default) throws ConfigException {
    for (String unsupported : new String[] {"oauth2", "no_proxy", "proxy_connect_header"}) {
      if (m.has(unsupported) && !YamlMap.isNull(m.value(unsupported))) {
        throw m.errorAt(unsupported, unsupported + " is not supported by promethium");
      }
    }
    if (m.bool("proxy_from_environment", false)) {
      throw m.errorAt("proxy_from_environment", "proxy_from_environment is not supported by promethium");
    }
    BasicAuth basic = null;
    if (m.has("basic_auth") && !YamlMap.isNull(m.value("basic_auth"))) {
      YamlMap b = YamlMap.of(m.value("basic_auth"), m.file, m.childPath("basic_auth"), "config.plain",
          BASIC_AUTH_KEYS);
      basic = new BasicAuth(b.string("username", ""), emptyToNull(b.string("password", "")),
          emptyToNull(join(dir, b.string("password_file", ""))));
      if (basic.password() != null && basic.passwordFile() != null) {
        throw b.errorAt("password_file", "at most one of basic_auth password & password_file must be configured");
      }
    }
    Authorization auth = null;
    if (m.has("authorization") && !YamlMap.isNull(m.value("authorization"))) {
      YamlMap a = YamlMap.of(m.value("authorization"), m.file, m.childPath("authorization"),
          "config.Authorization", AUTHORIZATION_KEYS);
      String type = a.string("type", "").trim();
      String credentials = a.string("credentials", "");
      String credentialsFile = join(dir, a.string("credentials_file", ""));
      if (!credentials.isEmpty() && !credentialsFile.isEmpty()) {
        throw m.errorAt("authorization",
            "at most one of authorization credentials & credentials_file must be configured");
      }
      if (type.equalsIgnoreCase("basic")) {
        throw m.errorAt("authorization",
            "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
      }
      auth = new Authorization(type, emptyToNull(credentials), emptyToNull(credentialsFile));
    }
    String bearer = m.string("bearer_token", "");
    String bearerFile = join(dir, m.string("bearer_token_file", ""));
    if (!bearer.isEmpty() && !bearerFile.isEmpty()) {
      throw m.errorAt("bearer_token", "at most one of bearer_token & bearer_token_file must be configured");
    }
    boolean anyBearer = !bearer.isEmpty() || !bearerFile.isEmpty();
    if (basic != null && anyBearer) {
      throw m.errorAt("basic_auth",
          "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
    }
    if (basic != null && basic.password() != null && basic.passwordFile() != null) {
      throw m.errorAt("basic_auth", "at most one of basic_auth password & password_file must be configured");
    }
    if (auth != null) {
      if (anyBearer) {
        throw m.errorAt("authorization", "authorization is not compatible with bearer_token & bearer_token_file");
      }
      if (basic != null) {
        throw m.errorAt("authorization", "at most one of basic_auth, oauth2 & authorization must be configured");
      }
    } else if (!bearer.isEmpty()) {
      auth = new Authorization(Authorization.DEFAULT_TYPE, bearer, null);
    } else if (!bearerFile.isEmpty()) {
      auth = new Authorization(Authorization.DEFAULT_TYPE, null, bearerFile);
    }
    TlsConfig tls = TlsConfig.DEFAULT;
    if (m.has("tls_config") && !YamlMap.isNull(m.value("tls_config"))) {
      tls = readTls(YamlMap.of(m.value("tls_config"), m.file, m.childPath("tls_config"), "config.plain",
          TLS_KEYS), dir);
    }
    String proxy = m.string("proxy_url", "");
    if (!proxy.isEmpty()) {
      try {
        new URI(proxy);
      } catch (URISyntaxException e) {
        throw m.errorAt("proxy_url", "parse \"" + proxy + "\": " + e.getReason());
      }
    }
    return new HttpClientConfig(basic, auth, tls, m.bool("follow_redirects", true), emptyToNull(proxy),
        m.bool("enable_http2", enableHttp2Default));
  }

  private static TlsConfig readTls(YamlMap t, Path dir) throws ConfigException {
    for (String inline : new String[] {"ca", "cert", "key"}) {
      if (!t.string(inline, "").isEmpty()) {
        if (!t.string(inline + "_file", "").isEmpty()) {
          throw t.error("at most one of " + inline + " and " + inline + "_file must be configured");
        }
        throw t.errorAt(inline, "inline tls_config." + inline + " is not supported by promethium; use "
            + inline + "_file");
      }
    }
    String cert = join(dir, t.string("cert_file", ""));
    String key = join(dir, t.string("key_file", ""));
    if (!cert.isEmpty() && key.isEmpty()) {
      throw t.error("exactly one of key or key_file must be configured when a client certificate is configured");
    }
    if (!key.isEmpty() && cert.isEmpty()) {
      throw t.error("exactly one of cert or cert_file must be configured when a client key is configured");
    }
    String min = t.string("min_version", "");
    if (!min.isEmpty() && !TLS_VERSIONS.contains(min)) {
      throw t.errorAt("min_version", "unknown TLS version: " + min);
    }
    String max = t.string("max_version", "");
    if (!max.isEmpty()) {
      throw t.errorAt("max_version", "max_version is not supported by promethium");
    }
    return new TlsConfig(emptyToNull(join(dir, t.string("ca_file", ""))), emptyToNull(cert),
        emptyToNull(key), emptyToNull(t.string("server_name", "")), t.bool("insecure_skip_verify", false),
        emptyToNull(min));
  }

  /** Prometheus's {@code config.JoinDir}: relative names are taken relative to the config's directory. */
  static String join(Path dir, String file) {
    if (dir == null || file.isEmpty() || Path.of(file).isAbsolute()) {
      return file;
    }
    return dir.resolve(file).normalize().toString();
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
