package io.promethium.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One YAML mapping of the config file, read field by field with Go-yaml-v2 semantics (what Prometheus
 * uses): unknown and duplicate keys are errors, {@code null} sets a field's zero value, quoted scalars are
 * strings, plain scalars resolve as YAML 1.1 ({@code yes}/{@code no}/{@code on}/{@code off}/{@code y}/
 * {@code n} are booleans). Every error carries the file, line and column of the offending node and the
 * field path. Not thread-safe; lives for one load.
 */
final class YamlMap {
  private static final Pattern BOOL_TRUE = Pattern.compile("y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON");
  private static final Pattern BOOL_FALSE = Pattern.compile("n|N|no|No|NO|false|False|FALSE|off|Off|OFF");
  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
  private static final Pattern INT = Pattern.compile("[-+]?(0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|0[0-7_]+)");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+][0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

  final String file;
  final String path;
  final MappingNode node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  private YamlMap(String file, String path, MappingNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  /**
   * Reads {@code node} as a mapping of Go type {@code typeName} that may hold only {@code allowed} keys.
   */
  static YamlMap of(Node node, String file, String path, String typeName, Set<String> allowed)
      throws ConfigException {
    if (!(node instanceof MappingNode m)) {
      throw error(file, path, node, "cannot unmarshal " + tagOf(node) + " into " + typeName);
    }
    YamlMap map = new YamlMap(file, path, m);
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      if (!(k instanceof ScalarNode ks)) {
        throw error(file, path, k, "invalid map key: " + tagOf(k) + " in type " + typeName);
      }
      String key = ks.getValue();
      String at = path.isEmpty() ? key : path + "." + key;
      if (map.entries.containsKey(key)) {
        throw error(file, at, k, "field " + key + " already set in type " + typeName);
      }
      if (!allowed.contains(key)) {
        throw error(file, at, k, "field " + key + " not found in type " + typeName);
      }
      map.entries.put(key, t);
    }
    return map;
  }

  static ConfigException error(String file, String path, Node at, String message) {
    Mark m = at == null ? null : at.getStartMark();
    String where = path == null || path.isEmpty() ? "" : " (at " + path + ")";
    if (m == null) {
      return new ConfigException(file, 0, 0, message + where);
    }
    return new ConfigException(file, m.getLine() + 1, m.getColumn() + 1, message + where);
  }

  /** Go yaml's name for the node's resolved tag: {@code !!str `x`}, {@code !!int `3`}, {@code !!seq}. */
  static String tagOf(Node n) {
    if (n instanceof MappingNode) {
      return "!!map";
    }
    if (n instanceof SequenceNode) {
      return "!!seq";
    }
    ScalarNode s = (ScalarNode) n;
    return scalarTag(s) + " `" + s.getValue() + "`";
  }

  private static String scalarTag(ScalarNode s) {
    if (!s.isPlain()) {
      return "!!str";
    }
    String v = s.getValue();
    if (NULL.matcher(v).matches()) {
      return "!!null";
    }
    if (BOOL_TRUE.matcher(v).matches() || BOOL_FALSE.matcher(v).matches()) {
      return "!!bool";
    }
    if (INT.matcher(v).matches()) {
      return "!!int";
    }
    if (FLOAT.matcher(v).matches()) {
      return "!!float";
    }
    return "!!str";
  }

  /** Whether Go's YAML would read {@code s}, written plain, as something other than a string. */
  static boolean resolvesAsNonString(String s) {
    return NULL.matcher(s).matches() || BOOL_TRUE.matcher(s).matches() || BOOL_FALSE.matcher(s).matches()
        || INT.matcher(s).matches() || FLOAT.matcher(s).matches();
  }

  static boolean isNull(Node n) {
    return n == null || (n instanceof ScalarNode s && s.isPlain() && NULL.matcher(s.getValue()).matches());
  }

  String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  /** The value node of {@code key}, or null when absent. */
  Node value(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? null : t.getValueNode();
  }

  /** An error located at {@code key} (or at this mapping when the key is absent). */
  ConfigException errorAt(String key, String message) {
    NodeTuple t = entries.get(key);
    // The key's position: for block mappings and lists the value starts on a later line.
    return error(file, t == null ? path : childPath(key), t == null ? node : t.getKeyNode(), message);
  }

  /** An error located at this mapping. */
  ConfigException error(String message) {
    return error(file, path, node, message);
  }

  /** A string field: any scalar's text; null or absent gives {@code def} resp. "" for an explicit null. */
  String string(String key, String def) throws ConfigException {
    Node v = value(key);
    if (v == null) {
      return def;
    }
    if (isNull(v)) {
      return "";
    }
    if (!(v instanceof ScalarNode s)) {
      throw errorAt(key, "cannot unmarshal " + tagOf(v) + " into string");
    }
    return s.getValue();
  }

  boolean bool(String key, boolean def) throws ConfigException {
    Node v = value(key);
    if (v == null) {
      return def;
    }
    if (isNull(v)) {
      return false;
    }
    if (v instanceof ScalarNode s && s.isPlain()) {
      if (BOOL_TRUE.matcher(s.getValue()).matches()) {
        return true;
      }
      if (BOOL_FALSE.matcher(s.getValue()).matches()) {
        return false;
      }
    }
    throw errorAt(key, "cannot unmarshal " + tagOf(v) + " into bool");
  }

  /** A non-negative integer ({@code uint}); absent gives {@code def}, null gives 0. */
  long uint(String key, long def) throws ConfigException {
    return integer(key, def, "uint", 0);
  }

  /** A signed integer ({@code int}). */
  long integer(String key, long def) throws ConfigException {
    return integer(key, def, "int", Long.MIN_VALUE);
  }

  private long integer(String key, long def, String goType, long min) throws ConfigException {
    Node v = value(key);
    if (v == null) {
      return def;
    }
    if (isNull(v)) {
      return 0;
    }
    if (v instanceof ScalarNode s && s.isPlain() && INT.matcher(s.getValue()).matches()) {
      String t = s.getValue().replace("_", "");
      long r;
      try {
        boolean neg = t.startsWith("-");
        String digits = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        if (digits.startsWith("0x")) {
          r = Long.parseLong(digits.substring(2), 16);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
          r = Long.parseLong(digits.substring(1), 8);
        } else {
          r = Long.parseLong(digits);
        }
        r = neg ? -r : r;
      } catch (NumberFormatException e) {
        throw errorAt(key, "cannot unmarshal " + tagOf(v) + " into " + goType);
      }
      if (r >= min) {
        return r;
      }
    }
    throw errorAt(key, "cannot unmarshal " + tagOf(v) + " into " + goType);
  }

  /** A float64 field. */
  double floating(String key, double def) throws ConfigException {
    Node v = value(key);
    if (v == null) {
      return def;
    }
    if (isNull(v)) {
      return 0;
    }
    if (v instanceof ScalarNode s && s.isPlain()) {
      String t = s.getValue().replace("_", "");
      try {
        return Double.parseDouble(t);
      } catch (NumberFormatException e) {
        // fall through to the error
      }
    }
    throw errorAt(key, "cannot unmarshal " + tagOf(v) + " into float64");
  }

  /** A Prometheus duration; absent gives {@code def}, null gives zero. */
  Duration duration(String key, Duration def) throws ConfigException {
    Node v = value(key);
    if (v == null) {
      return def;
    }
    if (isNull(v)) {
      return Duration.ZERO;
    }
    String s = string(key, "");
    try {
      return PrometheusDuration.parse(s);
    } catch (IllegalArgumentException e) {
      throw errorAt(key, e.getMessage());
    }
  }

  /** A byte size ({@code units.Base2Bytes}); absent or null gives 0. */
  long bytes(String key) throws ConfigException {
    Node v = value(key);
    if (isNull(v)) {
      return 0;
    }
    String s = string(key, "");
    try {
      return ByteSize.parse(s);
    } catch (IllegalArgumentException e) {
      throw errorAt(key, e.getMessage());
    }
  }

  /** The items of a sequence field; absent or null gives an empty list. */
  List<Node> seq(String key) throws ConfigException {
    Node v = value(key);
    if (isNull(v)) {
      return List.of();
    }
    if (!(v instanceof SequenceNode s)) {
      throw errorAt(key, "cannot unmarshal " + tagOf(v) + " into []" + key);
    }
    return s.getValue();
  }

  /** A list of strings; absent or null gives an empty list. */
  List<String> strings(String key) throws ConfigException {
    Node v = value(key);
    if (isNull(v)) {
      return List.of();
    }
    if (!(v instanceof SequenceNode s)) {
      throw errorAt(key, "cannot unmarshal " + tagOf(v) + " into []string");
    }
    List<String> out = new ArrayList<>(s.getValue().size());
    for (Node item : s.getValue()) {
      if (!(item instanceof ScalarNode sc)) {
        throw error(file, childPath(key), item, "cannot unmarshal " + tagOf(item) + " into string");
      }
      out.add(isNull(sc) ? "" : sc.getValue());
    }
    return out;
  }

  /** A map of string to string, in file order; absent or null gives an empty map. */
  Map<String, String> stringMap(String key) throws ConfigException {
    Node v = value(key);
    if (isNull(v)) {
      return Map.of();
    }
    if (!(v instanceof MappingNode m)) {
      throw errorAt(key, "cannot unmarshal " + tagOf(v) + " into map[string]string");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw error(file, childPath(key), t.getKeyNode(), "invalid map key: " + tagOf(t.getKeyNode()));
      }
      if (out.containsKey(k.getValue())) {
        throw error(file, childPath(key), k, "key \"" + k.getValue() + "\" already set in map");
      }
      Node val = t.getValueNode();
      if (!(val instanceof ScalarNode vs)) {
        throw error(file, childPath(key) + "." + k.getValue(), val,
            "cannot unmarshal " + tagOf(val) + " into string");
      }
      out.put(k.getValue(), isNull(vs) ? "" : vs.getValue());
    }
    return out;
  }

  /** The position node of a key's value, for callers that report on an entry of a map value. */
  Node keyNodeIn(String key, String innerKey) {
    Node v = value(key);
    if (v instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(innerKey)) {
          return k;
        }
      }
    }
    return v;
  }
}
