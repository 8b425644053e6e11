package io.promethium.server.cli;

import java.util.List;

/**
 * What the command line asks for: run the server with {@link #flags()}, print help or the version, or
 * check config files. Immutable.
 */
public record CommandLine(Action action, Flags flags, List<String> files) {
  /** The requested action. */
  public enum Action {
    RUN,
    HELP,
    VERSION,
    CHECK_CONFIG
  }
}
