package io.promethium.server;

import io.promethium.core.config.ConfigException;
import io.promethium.core.config.ConfigLoader;
import io.promethium.core.config.PrometheusConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the configuration comes from: the {@code --config.file}, or — when that flag is left at its default
 * and {@code prometheus.yml} is absent from the working directory — the example config built into the jar
 * (a self-scrape of {@code localhost:9090}, like Prometheus's distribution). Immutable and thread-safe.
 */
final class ConfigSource {
  static final String EMBEDDED_RESOURCE = "/io/promethium/server/prometheus.yml";

  private final Path file;
  private final String embeddedYaml;

  private ConfigSource(Path file, String embeddedYaml) {
    this.file = file;
    this.embeddedYaml = embeddedYaml;
  }

  static ConfigSource file(Path file) {
    return new ConfigSource(file, null);
  }

  static ConfigSource embedded() {
    try (InputStream in = ConfigSource.class.getResourceAsStream(EMBEDDED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("built-in example config " + EMBEDDED_RESOURCE + " missing from the jar");
      }
      return new ConfigSource(null, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("read built-in example config: " + e.getMessage(), e);
    }
  }

  /**
   * The source for {@code --config.file}: the embedded example when the flag was not given and the default
   * file does not exist, else the named file.
   */
  static ConfigSource forFlag(String configFile, boolean flagGiven) {
    Path p = Path.of(configFile);
    if (!flagGiven && !Files.exists(p)) {
      return embedded();
    }
    return file(p);
  }

  boolean isEmbedded() {
    return file == null;
  }

  /** The file name for logs and errors. */
  String name() {
    return file == null ? "<built-in>/prometheus.yml" : file.toString();
  }

  PrometheusConfig load() throws ConfigException {
    return file == null ? ConfigLoader.parse(embeddedYaml, name()) : ConfigLoader.load(file);
  }
}
