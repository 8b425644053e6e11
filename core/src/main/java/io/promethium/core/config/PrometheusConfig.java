package io.promethium.core.config;

import java.util.List;

/**
 * A whole {@code prometheus.yml}, validated and with every default filled in, as {@link ConfigLoader}
 * returns it. Immutable and thread-safe; a reload builds a new instance.
 *
 * @param global the {@code global:} section (defaults when absent)
 * @param ruleFiles the {@code rule_files:} entries as written (globs), relative paths resolved against the
 *     config file's directory
 * @param scrapeConfigs one per job, in file order; job names are unique
 * @param alerting the {@code alerting:} section (empty lists when absent)
 * @param remoteWrite the {@code remote_write:} entries
 * @param remoteRead the {@code remote_read:} entries
 * @param originalYaml the file's text exactly as read, for {@code /api/v1/status/config}
 */
public record PrometheusConfig(
    GlobalConfig global,
    List<String> ruleFiles,
    List<ScrapeConfig> scrapeConfigs,
    AlertingConfig alerting,
    List<RemoteWriteConfig> remoteWrite,
    List<RemoteReadConfig> remoteRead,
    String originalYaml) {

  public PrometheusConfig {
    ruleFiles = List.copyOf(ruleFiles);
    scrapeConfigs = List.copyOf(scrapeConfigs);
    remoteWrite = List.copyOf(remoteWrite);
    remoteRead = List.copyOf(remoteRead);
  }

  /** The scrape config of {@code jobName}, or null. */
  public ScrapeConfig scrapeConfig(String jobName) {
    for (ScrapeConfig sc : scrapeConfigs) {
      if (sc.jobName().equals(jobName)) {
        return sc;
      }
    }
    return null;
  }
}
