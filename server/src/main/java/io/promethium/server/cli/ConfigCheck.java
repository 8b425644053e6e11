package io.promethium.server.cli;

import io.promethium.core.config.ConfigException;
import io.promethium.core.config.ConfigLoader;
import io.promethium.core.config.PrometheusConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code promethium check config FILE...}: like {@code promtool check config}, prints {@code Checking F}
 * then {@code  SUCCESS: F is valid prometheus config file syntax} to stdout, or {@code   FAILED: <error>}
 * to stderr. Rule files named by {@code rule_files} must exist (globs may match nothing); their content is
 * not checked (Promethium has no rule engine). Credential and TLS files are not checked, as they usually
 * name paths on the deployment target. Stateless.
 */
public final class ConfigCheck {
  private ConfigCheck() {}

  /** Checks every file; returns the exit code (0 all valid, 1 otherwise). */
  public static int run(List<String> files, PrintStream out, PrintStream err) {
    return run(files, false, out, err);
  }

  /** As {@link #run(List, PrintStream, PrintStream)}; {@code syntaxOnly} skips the rule-file check. */
  public static int run(List<String> files, boolean syntaxOnly, PrintStream out, PrintStream err) {
    int rc = 0;
    for (String f : files) {
      out.println("Checking " + f);
      try {
        PrometheusConfig cfg = ConfigLoader.load(Path.of(f));
        int rules = syntaxOnly ? 0 : checkRuleFiles(cfg);
        if (rules > 0) {
          out.println("  SUCCESS: " + rules + " rule files found");
        }
        out.println(" SUCCESS: " + f + " is valid prometheus config file syntax");
        out.println();
      } catch (ConfigException e) {
        err.println("  FAILED: " + e.getMessage());
        err.println();
        rc = 1;
      }
    }
    return rc;
  }

  private static int checkRuleFiles(PrometheusConfig cfg) throws ConfigException {
    int n = 0;
    for (String rf : cfg.ruleFiles()) {
      List<Path> matches = glob(rf);
      if (!rf.contains("*") && matches.isEmpty()) {
        throw new ConfigException(null, 0, 0, "\"" + rf + "\" does not point to an existing file");
      }
      n += matches.size();
    }
    return n;
  }

  /** Files matching {@code pattern}, whose last element may hold a glob (the rule_files rule). */
  static List<Path> glob(String pattern) {
    Path p = Path.of(pattern);
    List<Path> out = new ArrayList<>();
    if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
      if (Files.isRegularFile(p)) {
        out.add(p);
      }
      return out;
    }
    Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p.getFileName().toString())) {
      for (Path m : ds) {
        if (Files.isRegularFile(m)) {
          out.add(m);
        }
      }
    } catch (IOException e) {
      return out;
    }
    out.sort(null);
    return out;
  }
}
