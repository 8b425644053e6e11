package io.promethium.server.cli;

import io.promethium.core.config.ByteSize;
import io.promethium.core.config.PrometheusDuration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the command line the way Prometheus's kingpin does: {@code --flag=value} and {@code --flag
 * value}, booleans as {@code --flag} / {@code --no-flag} (also {@code --flag=true|false}), {@code -h} for
 * help, repeatable {@code --enable-feature}; values are checked by kind (durations in Prometheus syntax,
 * byte sizes, integers, enum words). Also the Promethium subcommand {@code check config FILE...}.
 * Stateless and thread-safe.
 */
public final class FlagParser {
  private FlagParser() {}

  /** Parses {@code args}; errors are kingpin's wording (the caller adds {@code promethium: error: }). */
  public static CommandLine parse(String[] args) throws FlagException {
    if (args.length >= 1 && args[0].equals("check")) {
      return parseCheck(args);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (FlagDefinition f : PrometheusFlags.ALL) {
      values.put(f.name(), f.defaultValue() == null ? "" : f.defaultValue());
    }
    Set<String> explicit = new HashSet<>();
    List<String> features = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h")) {
        return new CommandLine(CommandLine.Action.HELP, null, List.of());
      }
      if (a.equals("--")) {
        if (i + 1 < args.length) {
          throw new FlagException("unexpected " + args[i + 1]);
        }
        break;
      }
      if (!a.startsWith("--")) {
        if (a.startsWith("-") && a.length() > 1) {
          throw new FlagException("unknown short flag '-" + a.charAt(1) + "'");
        }
        throw new FlagException("unexpected " + a);
      }
      String body = a.substring(2);
      String name = body;
      String value = null;
      int eq = body.indexOf('=');
      if (eq >= 0) {
        name = body.substring(0, eq);
        value = body.substring(eq + 1);
      }
      FlagDefinition def = PrometheusFlags.BY_NAME.get(name);
      boolean negated = false;
      if (def == null && name.startsWith("no-")) {
        FlagDefinition positive = PrometheusFlags.BY_NAME.get(name.substring(3));
        if (positive != null && positive.kind() == FlagKind.BOOL && value == null) {
          def = positive;
          negated = true;
        }
      }
      if (def == null) {
        throw new FlagException("unknown long flag '--" + name + "'");
      }
      if (def.kind() == FlagKind.BOOL) {
        if (value == null) {
          value = negated ? "false" : "true";
        } else if (!value.equals("true") && !value.equals("false")) {
          throw new FlagException("strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
        }
      } else if (value == null) {
        // As kingpin's lexer: a following flag-like word is not taken as the value.
        if (i + 1 >= args.length || (args[i + 1].startsWith("-") && args[i + 1].length() > 1)) {
          throw new FlagException("expected argument for flag '--" + name + "'");
        }
        value = args[++i];
      }
      check(def, value);
      explicit.add(def.name());
      if (def.kind() == FlagKind.STRINGS) {
        features.add(value);
        values.put(def.name(), String.join(",", features));
      } else {
        values.put(def.name(), value);
      }
      if (def.name().equals("help") && value.equals("true")) {
        return new CommandLine(CommandLine.Action.HELP, null, List.of());
      }
      if (def.name().equals("help-long") && value.equals("true")) {
        return new CommandLine(CommandLine.Action.HELP, null, List.of());
      }
      if (def.name().equals("version") && value.equals("true")) {
        return new CommandLine(CommandLine.Action.VERSION, null, List.of());
      }
    }
    Flags flags = new Flags(values, explicit, Flags.splitFeatures(features));
    return new CommandLine(CommandLine.Action.RUN, flags, List.of());
  }

  private static CommandLine parseCheck(String[] args) throws FlagException {
    if (args.length < 2) {
      throw new FlagException("expected command but got nothing; try 'check config FILE...'");
    }
    if (!args[1].equals("config")) {
      throw new FlagException("expected command but got \"" + args[1] + "\"");
    }
    List<String> files = new ArrayList<>();
    boolean syntaxOnly = false;
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals("--syntax-only")) {
        syntaxOnly = true;
        continue;
      }
      if (args[i].startsWith("--")) {
        throw new FlagException("unknown long flag '" + args[i] + "'");
      }
      files.add(args[i]);
    }
    if (files.isEmpty()) {
      throw new FlagException("required argument 'config-files' not provided");
    }
    return new CommandLine(CommandLine.Action.CHECK_CONFIG, null, List.copyOf(files), syntaxOnly);
  }

  private static void check(FlagDefinition def, String value) throws FlagException {
    try {
      switch (def.kind()) {
        case DURATION -> PrometheusDuration.parse(value);
        case BYTES -> ByteSize.parse(value);
        case INT -> Long.parseLong(value);
        case FLOAT -> Double.parseDouble(value);
        case ENUM -> {
          if (!def.choices().contains(value)) {
            throw new FlagException("enum value must be one of " + String.join(",", def.choices()) + ", got '"
                + value + "'");
          }
        }
        default -> {}
      }
    } catch (NumberFormatException e) {
      throw new FlagException("strconv.ParseInt: parsing \"" + value + "\": invalid syntax for flag '--"
          + def.name() + "'");
    } catch (IllegalArgumentException e) {
      throw new FlagException(e.getMessage() + " for flag '--" + def.name() + "'");
    }
  }
}
