package io.promethium.core.config;

/**
 * A {@code prometheus.yml} that cannot be used: unreadable, not YAML, or invalid. The message says
 * where, in Prometheus's style ({@code prometheus.yml:12:5: field scrape_intervall not found in type
 * config.ScrapeConfig}); {@link #line()} is 1-based, 0 when the error has no position.
 */
public final class ConfigException extends Exception {
  private final String file;
  private final int line;
  private final int column;

  public ConfigException(String file, int line, int column, String message) {
    super(format(file, line, column, message), null, false, false);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  private static String format(String file, int line, int column, String message) {
    StringBuilder sb = new StringBuilder();
    if (file != null && !file.isEmpty()) {
      sb.append(file).append(':');
    }
    if (line > 0) {
      sb.append(line).append(':').append(column).append(':');
    }
    if (sb.length() > 0) {
      sb.append(' ');
    }
    return sb.append(message).toString();
  }

  /** The file name as given to the loader, or null. */
  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
