package io.promethium.server.cli;

import java.util.List;

/**
 * One command-line flag: its name without dashes, help text, default as Prometheus prints it ({@code null}
 * when the flag has none and help shows the placeholder), kind and, for enums, the allowed words.
 * Immutable.
 *
 * @param hidden not listed by {@code --help}, but accepted and reported by {@code /api/v1/status/flags}
 */
record FlagDefinition(
    String name, String help, String defaultValue, FlagKind kind, List<String> choices, String placeholder,
    boolean hidden) {

  static FlagDefinition flag(String name, FlagKind kind, String def, String help) {
    return new FlagDefinition(name, help, def, kind, List.of(), null, false);
  }

  FlagDefinition hide() {
    return new FlagDefinition(name, help, defaultValue, kind, choices, placeholder, true);
  }

  FlagDefinition placeholder(String p) {
    return new FlagDefinition(name, help, defaultValue, kind, choices, p, hidden);
  }

  FlagDefinition choices(String... words) {
    return new FlagDefinition(name, help, defaultValue, kind, List.of(words), placeholder, hidden);
  }
}
