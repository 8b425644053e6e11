package io.promethium.core.config;

import java.util.List;

/**
 * The {@code alerting:} section: relabeling applied to every alert, and the Alertmanagers to send to.
 * Immutable; both lists are empty when the section is absent.
 */
public record AlertingConfig(
    List<RelabelConfig> alertRelabelConfigs, List<AlertmanagerConfig> alertmanagers) {

  public static final AlertingConfig EMPTY = new AlertingConfig(List.of(), List.of());

  public AlertingConfig {
    alertRelabelConfigs = List.copyOf(alertRelabelConfigs);
    alertmanagers = List.copyOf(alertmanagers);
  }
}
