package io.promethium.core.config;

/**
 * {@code tls_config:} settings. Immutable. Any field may be null (unset); {@code minVersion} is one of
 * {@code TLS10}, {@code TLS11}, {@code TLS12}, {@code TLS13} or null (Go's default, TLS 1.2).
 */
public record TlsConfig(
    String caFile,
    String certFile,
    String keyFile,
    String serverName,
    boolean insecureSkipVerify,
    String minVersion) {

  public static final TlsConfig DEFAULT = new TlsConfig(null, null, null, null, false, null);
}
