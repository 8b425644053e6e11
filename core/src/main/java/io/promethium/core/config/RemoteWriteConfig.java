package io.promethium.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code remote_write:} entry. Immutable. Defaults: remote_timeout 30s, send_exemplars false, HTTP/2
 * off (Prometheus's remote-write default), queue and metadata defaults as in {@link QueueConfig} and
 * {@link MetadataConfig}.
 *
 * @param name the configured name, or "" when unset
 * @param headers extra HTTP headers (reserved headers are rejected by the loader)
 */
public record RemoteWriteConfig(
    String url,
    Duration remoteTimeout,
    Map<String, String> headers,
    List<RelabelConfig> writeRelabelConfigs,
    String name,
    boolean sendExemplars,
    boolean sendNativeHistograms,
    HttpClientConfig httpClient,
    QueueConfig queueConfig,
    MetadataConfig metadataConfig) {

  public static final Duration DEFAULT_REMOTE_TIMEOUT = Duration.ofSeconds(30);

  public RemoteWriteConfig {
    headers = Map.copyOf(headers);
    writeRelabelConfigs = List.copyOf(writeRelabelConfigs);
  }

  /** {@code queue_config:}; defaults as Prometheus 2.48. */
  public record QueueConfig(
      int capacity,
      int maxShards,
      int minShards,
      int maxSamplesPerSend,
      Duration batchSendDeadline,
      Duration minBackoff,
      Duration maxBackoff,
      boolean retryOnHttp429) {
    public static final QueueConfig DEFAULT =
        new QueueConfig(
            10000, 50, 1, 2000, Duration.ofSeconds(5), Duration.ofMillis(30), Duration.ofSeconds(5), true);
  }

  /** {@code metadata_config:}; defaults: send true, every 1m, 2000 per request. */
  public record MetadataConfig(boolean send, Duration sendInterval, int maxSamplesPerSend) {
    public static final MetadataConfig DEFAULT = new MetadataConfig(true, Duration.ofMinutes(1), 2000);
  }
}
