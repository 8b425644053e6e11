package io.promethium.server.cli;

import java.util.List;

/**
 * What the command line asks for: run the server with {@link #flags()}, print help or the version, or
 * check config files ({@code syntaxOnly}: {@code --syntax-only}, rule files not looked at). Immutable.
 */
public record CommandLine(Action action, Flags flags, List<String> files, boolean syntaxOnly) {
  CommandLine(Action action, Flags flags, List<String> files) {
    this(action, flags, files, false);
  }

  /** The requested action. */
  public enum Action {
    RUN,
    HELP,
    VERSION,
    CHECK_CONFIG
  }
}
