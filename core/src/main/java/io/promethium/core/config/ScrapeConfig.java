package io.promethium.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code scrape_configs:} entry (a job), with global defaults already applied. Immutable and
 * thread-safe. Limits are 0 when there is no limit.
 *
 * <table>
 *   <caption>Defaults (as Prometheus 2.48)</caption>
 *   <tr><th>field</th><th>default</th></tr>
 *   <tr><td>scrape_interval</td><td>global scrape_interval</td></tr>
 *   <tr><td>scrape_timeout</td><td>min(global scrape_timeout, job scrape_interval)</td></tr>
 *   <tr><td>metrics_path</td><td>/metrics</td></tr>
 *   <tr><td>scheme</td><td>http</td></tr>
 *   <tr><td>honor_labels</td><td>false</td></tr>
 *   <tr><td>honor_timestamps</td><td>true</td></tr>
 *   <tr><td>limits</td><td>the global limits</td></tr>
 * </table>
 *
 * @param params URL query parameters added to every scrape ({@code params:}), in file order
 * @param bodySizeLimitBytes {@code body_size_limit} in bytes, 0 = none
 */
public record ScrapeConfig(
    String jobName,
    Duration scrapeInterval,
    Duration scrapeTimeout,
    String metricsPath,
    String scheme,
    Map<String, List<String>> params,
    boolean honorLabels,
    boolean honorTimestamps,
    long sampleLimit,
    long labelLimit,
    long labelNameLengthLimit,
    long labelValueLengthLimit,
    long targetLimit,
    long bodySizeLimitBytes,
    HttpClientConfig httpClient,
    List<StaticConfig> staticConfigs,
    List<FileSdConfig> fileSdConfigs,
    List<KubernetesSdConfig> kubernetesSdConfigs,
    List<RelabelConfig> relabelConfigs,
    List<RelabelConfig> metricRelabelConfigs) {

  public static final String DEFAULT_METRICS_PATH = "/metrics";
  public static final String DEFAULT_SCHEME = "http";

  public ScrapeConfig {
    params = Map.copyOf(params);
    staticConfigs = List.copyOf(staticConfigs);
    fileSdConfigs = List.copyOf(fileSdConfigs);
    kubernetesSdConfigs = List.copyOf(kubernetesSdConfigs);
    relabelConfigs = List.copyOf(relabelConfigs);
    metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
  }
}
