package io.promethium.core.log;

import java.util.Locale;

/** Log levels as Prometheus's {@code --log.level} names them, least severe first. */
public enum LogLevel {
  DEBUG,
  INFO,
  WARN,
  ERROR;

  /** The lower-case name used in flags and log lines. */
  public String flagName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The level for a flag value, or null when unknown. */
  public static LogLevel fromFlag(String s) {
    for (LogLevel l : values()) {
      if (l.flagName().equals(s)) {
        return l;
      }
    }
    return null;
  }
}
