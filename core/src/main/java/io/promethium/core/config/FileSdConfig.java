package io.promethium.core.config;

import java.time.Duration;
import java.util.List;

/**
 * One {@code file_sd_configs:} entry. Immutable. File patterns end in {@code .json}, {@code .yml} or
 * {@code .yaml} and may use a glob in the last path element; relative paths are already resolved against
 * the config file's directory.
 *
 * @param refreshInterval re-read period in addition to file watching (default 5m)
 */
public record FileSdConfig(List<String> files, Duration refreshInterval) {
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);

  public FileSdConfig {
    files = List.copyOf(files);
  }
}
