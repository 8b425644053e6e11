package io.promethium.core.config;

import java.util.Locale;

/** The relabeling actions of Prometheus's {@code model/relabel}; {@link #configName()} is the YAML word. */
public enum RelabelAction {
  REPLACE,
  KEEP,
  DROP,
  KEEPEQUAL,
  DROPEQUAL,
  HASHMOD,
  LABELMAP,
  LABELDROP,
  LABELKEEP,
  LOWERCASE,
  UPPERCASE;

  /** The lower-case name used in {@code prometheus.yml}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The action for a YAML word (case-insensitive, as Prometheus lower-cases it), or null. */
  public static RelabelAction fromConfigName(String s) {
    for (RelabelAction a : values()) {
      if (a.name().equalsIgnoreCase(s)) {
        return a;
      }
    }
    return null;
  }
}
