package io.promethium.core.config;

import io.promethium.core.labels.Labels;
import java.time.Duration;

/**
 * The {@code global:} section of {@code prometheus.yml}. Immutable and thread-safe.
 *
 * <table>
 *   <caption>Defaults (as Prometheus 2.48)</caption>
 *   <tr><th>field</th><th>default</th></tr>
 *   <tr><td>scrape_interval</td><td>1m</td></tr>
 *   <tr><td>scrape_timeout</td><td>10s</td></tr>
 *   <tr><td>evaluation_interval</td><td>1m</td></tr>
 *   <tr><td>limits</td><td>0 (no limit)</td></tr>
 * </table>
 *
 * @param externalLabels labels added to series and alerts leaving this server
 * @param queryLogFile the {@code query_log_file} path, or null when unset
 * @param sampleLimit default per-scrape sample limit for jobs, 0 = none
 * @param bodySizeLimitBytes default scrape body size limit in bytes, 0 = none
 */
public record GlobalConfig(
    Duration scrapeInterval,
    Duration scrapeTimeout,
    Duration evaluationInterval,
    Labels externalLabels,
    String queryLogFile,
    long sampleLimit,
    long labelLimit,
    long labelNameLengthLimit,
    long labelValueLengthLimit,
    long targetLimit,
    long bodySizeLimitBytes) {

  public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofMinutes(1);
  public static final Duration DEFAULT_SCRAPE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofMinutes(1);

  /** The global section Prometheus uses when the file has none. */
  public static final GlobalConfig DEFAULT =
      new GlobalConfig(
          DEFAULT_SCRAPE_INTERVAL,
          DEFAULT_SCRAPE_TIMEOUT,
          DEFAULT_EVALUATION_INTERVAL,
          Labels.EMPTY,
          null,
          0,
          0,
          0,
          0,
          0,
          0);
}
