package io.promethium.core.config;

import io.promethium.core.relabel.LabelName;
import io.promethium.core.labels.Re2Regex;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Reads relabeling rules and validates them like Prometheus 2.48's {@code relabel.Config.Validate}. */
final class RelabelConfigReader {
  private static final Set<String> KEYS =
      Set.of("source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action");
  /** A target label or labelmap replacement: label-name characters and {@code $1}/{@code ${name}} refs. */
  private static final Pattern RELABEL_TARGET =
      Pattern.compile("(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+");

  private RelabelConfigReader() {}

  /**
   * Reads the list under {@code key} of {@code parent}; {@code nullMessage} is Prometheus's error for a
   * null rule in this position.
   */
  static List<RelabelConfig> readList(YamlMap parent, String key, String nullMessage) throws ConfigException {
    List<Node> items = parent.seq(key);
    List<RelabelConfig> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String path = parent.childPath(key) + "[" + i + "]";
      if (YamlMap.isNull(item)) {
        throw YamlMap.error(parent.file, path, item, nullMessage);
      }
      out.add(read(YamlMap.of(item, parent.file, path, "relabel.plain", KEYS)));
    }
    return out;
  }

  static RelabelConfig read(YamlMap m) throws ConfigException {
    List<String> sources = m.strings("source_labels");
    for (String s : sources) {
      if (!LabelName.isValid(s)) {
        throw m.errorAt("source_labels", quote(s) + " is not a valid label name");
      }
    }
    String separator = m.string("separator", RelabelConfig.DEFAULT_SEPARATOR);
    String regex = m.string("regex", RelabelConfig.DEFAULT_REGEX);
    try {
      Re2Regex.compile(regex);
    } catch (IllegalArgumentException e) {
      throw m.errorAt("regex", e.getMessage());
    }
    long modulus = m.uint("modulus", 0);
    String target = m.string("target_label", "");
    String replacement = m.string("replacement", RelabelConfig.DEFAULT_REPLACEMENT);
    String actionName = m.string("action", "replace");
    RelabelAction action = RelabelAction.fromConfigName(actionName);
    if (actionName.isEmpty()) {
      throw m.errorAt("action", "relabel action cannot be empty");
    }
    if (action == null) {
      throw m.errorAt("action", "unknown relabel action " + quote(actionName));
    }
    String a = action.configName();
    if (action == RelabelAction.HASHMOD && modulus == 0) {
      throw m.error("relabel configuration for hashmod requires non-zero modulus");
    }
    boolean needsTarget =
        switch (action) {
          case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
          default -> false;
        };
    if (needsTarget && target.isEmpty()) {
      throw m.error("relabel configuration for " + a + " action requires 'target_label' value");
    }
    if (action == RelabelAction.REPLACE) {
      boolean ok = target.contains("$") ? RELABEL_TARGET.matcher(target).matches() : LabelName.isValid(target);
      if (!ok) {
        throw m.errorAt("target_label", quote(target) + " is invalid 'target_label' for " + a + " action");
      }
    }
    boolean caseOrEqual =
        action == RelabelAction.LOWERCASE || action == RelabelAction.UPPERCASE
            || action == RelabelAction.KEEPEQUAL || action == RelabelAction.DROPEQUAL;
    if ((caseOrEqual || action == RelabelAction.HASHMOD) && !LabelName.isValid(target)) {
      throw m.errorAt("target_label", quote(target) + " is invalid 'target_label' for " + a + " action");
    }
    if (caseOrEqual && !replacement.equals(RelabelConfig.DEFAULT_REPLACEMENT)) {
      throw m.errorAt("replacement", "'replacement' can not be set for " + a + " action");
    }
    if (action == RelabelAction.LABELMAP && !RELABEL_TARGET.matcher(replacement).matches()) {
      throw m.errorAt("replacement", quote(replacement) + " is invalid 'replacement' for " + a + " action");
    }
    if (action == RelabelAction.KEEPEQUAL || action == RelabelAction.DROPEQUAL) {
      // Prometheus compares the regex by identity with the default, so any explicit regex counts.
      if (m.has("regex") || modulus != 0 || !separator.equals(RelabelConfig.DEFAULT_SEPARATOR)
          || !replacement.equals(RelabelConfig.DEFAULT_REPLACEMENT)) {
        throw m.error(a + " action requires only 'source_labels' and `target_label`, and no other fields");
      }
    }
    if (action == RelabelAction.LABELDROP || action == RelabelAction.LABELKEEP) {
      if ((m.has("source_labels") && !YamlMap.isNull(m.value("source_labels"))) || !target.isEmpty()
          || modulus != 0 || !separator.equals(RelabelConfig.DEFAULT_SEPARATOR)
          || !replacement.equals(RelabelConfig.DEFAULT_REPLACEMENT)) {
        throw m.error(a + " action requires only 'regex', and no other fields");
      }
    }
    return new RelabelConfig(sources, separator, regex, modulus, target, replacement, action);
  }

  /** Go's {@code %q} for the strings that occur in config errors. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
