package io.promethium.core.config;

import java.time.Duration;
import java.util.Map;

/**
 * One {@code remote_read:} entry. Immutable. Defaults: remote_timeout 1m, read_recent false,
 * filter_external_labels true.
 *
 * @param requiredMatchers equality matchers a query must carry to be sent to this endpoint
 * @param name the configured name, or "" when unset
 */
public record RemoteReadConfig(
    String url,
    Duration remoteTimeout,
    Map<String, String> headers,
    Map<String, String> requiredMatchers,
    String name,
    boolean readRecent,
    boolean filterExternalLabels,
    HttpClientConfig httpClient) {

  public static final Duration DEFAULT_REMOTE_TIMEOUT = Duration.ofMinutes(1);

  public RemoteReadConfig {
    headers = Map.copyOf(headers);
    requiredMatchers = Map.copyOf(requiredMatchers);
  }
}
