package io.promethium.core.config;

import java.time.Duration;
import java.util.List;

/**
 * One {@code alerting.alertmanagers:} entry. Immutable. Defaults: scheme {@code http}, timeout 10s,
 * api_version {@code v2} ({@code v1} is accepted too).
 */
public record AlertmanagerConfig(
    String apiVersion,
    String pathPrefix,
    String scheme,
    Duration timeout,
    HttpClientConfig httpClient,
    List<StaticConfig> staticConfigs,
    List<FileSdConfig> fileSdConfigs,
    List<KubernetesSdConfig> kubernetesSdConfigs,
    List<RelabelConfig> relabelConfigs) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public AlertmanagerConfig {
    staticConfigs = List.copyOf(staticConfigs);
    fileSdConfigs = List.copyOf(fileSdConfigs);
    kubernetesSdConfigs = List.copyOf(kubernetesSdConfigs);
    relabelConfigs = List.copyOf(relabelConfigs);
  }
}
