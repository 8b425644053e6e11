package io.promethium.server.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints {@code --help} in kingpin's layout: flag column, then help text wrapped at 80 columns. Stateless. */
public final class Usage {
  private static final int HELP_COLUMN = 33;
  private static final int WIDTH = 80;

  private Usage() {}

  public static void print(PrintStream out) {
    out.println("usage: promethium [<flags>]");
    out.println("       promethium check config [--syntax-only] <config-files>...");
    out.println();
    out.println("The Prometheus monitoring server, in Java");
    out.println();
    out.println("Flags:");
    for (FlagDefinition f : PrometheusFlags.ALL) {
      if (f.hidden()) {
        continue;
      }
      String left = (f.name().equals("help") ? "  -h, --" : "      --") + f.name() + valueHint(f);
      List<String> help = wrap(f.help(), WIDTH - HELP_COLUMN);
      if (left.length() + 2 > HELP_COLUMN) {
        out.println(left + "  ");
      } else {
        out.print(left + " ".repeat(HELP_COLUMN - left.length()));
        out.println(help.isEmpty() ? "" : help.remove(0));
      }
      for (String line : help) {
        out.println(" ".repeat(HELP_COLUMN) + line);
      }
    }
    out.println();
    out.println("Commands:");
    out.println("  check config [--syntax-only] <config-files>...");
    out.println("    Check if the config files are valid or not.");
    out.println();
  }

  private static String valueHint(FlagDefinition f) {
    if (f.kind() == FlagKind.BOOL) {
      return "";
    }
    if (f.placeholder() != null) {
      return "=" + f.placeholder();
    }
    if (f.defaultValue() == null) {
      return "=" + f.name().toUpperCase(java.util.Locale.ROOT);
    }
    return switch (f.kind()) {
      case STRING, ENUM -> f.kind() == FlagKind.ENUM ? "=" + f.defaultValue() : "=\"" + f.defaultValue() + "\"";
      default -> "=" + f.defaultValue();
    };
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
