package io.promethium.core.config;

import io.promethium.core.labels.Labels;
import java.util.List;

/**
 * One {@code static_configs:} entry: {@code host:port} targets plus labels common to them. Immutable.
 */
public record StaticConfig(List<String> targets, Labels labels) {
  public StaticConfig {
    targets = List.copyOf(targets);
  }
}
