package io.promethium.discovery.file;

import io.promethium.core.discovery.TargetGroup;
import io.promethium.core.json.JsonReader;
import io.promethium.core.json.JsonSyntaxException;
import io.promethium.core.labels.Labels;
import io.promethium.discovery.StaticDiscovery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one file SD file: a JSON or YAML list of {@code {targets: [...], labels: {...}}} groups, chosen by
 * extension ({@code .json}; {@code .yml}, {@code .yaml}). Each group's source is {@code path:index} and
 * its labels gain {@code __meta_filepath}, as in Prometheus's {@code discovery/file}. Both formats are
 * strict: an unknown field is an error, as with Prometheus 2.42 (checked against the real binary). YAML
 * scalars are taken as written ({@code 1:30} stays a string, no YAML 1.1 sexagesimal), as Go's yaml does
 * for string fields. Label names must be valid. Stateless.
 */
final class TargetGroupFile {
  /** The label carrying the file a target came from. */
  static final String FILEPATH_LABEL = "__meta_filepath";

  private TargetGroupFile() {}

  /** The groups in {@code file}; {@code name} is the path as the pattern produced it (for labels). */
  static List<TargetGroup> read(Path file, String name) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String lower = name.toLowerCase(Locale.ROOT);
    List<RawGroup> raw;
    if (lower.endsWith(".json")) {
      raw = json(text);
    } else if (lower.endsWith(".yml") || lower.endsWith(".yaml")) {
      raw = yaml(text);
    } else {
      throw new IOException("retrieval of target groups failed: unknown file extension " + name);
    }
    List<TargetGroup> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      RawGroup g = raw.get(i);
      Labels.Builder lb = Labels.builder();
      for (Map.Entry<String, String> e : g.labels) {
        if (!validLabelName(e.getKey())) {
          throw new IOException("\"" + e.getKey() + "\" is not a valid label name");
        }
        lb.set(e.getKey(), e.getValue());
      }
      lb.set(FILEPATH_LABEL, name);
      List<Labels> targets = new ArrayList<>(g.targets.size());
      for (String t : g.targets) {
        targets.add(Labels.of(StaticDiscovery.ADDRESS_LABEL, t));
      }
      out.add(new TargetGroup(name + ":" + i, List.copyOf(targets), lb.build()));
    }
    return out;
  }

  static boolean validLabelName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private record RawGroup(List<String> targets, List<Map.Entry<String, String>> labels) {}

  private static List<RawGroup> json(String text) throws IOException {
    Object doc;
    try {
      doc = JsonReader.parse(text);
    } catch (JsonSyntaxException e) {
      throw new IOException(e.line() + ":" + e.column() + ": " + e.reason());
    }
    if (!(doc instanceof List<?> list)) {
      throw new IOException("json: cannot unmarshal " + jsonKind(doc) + " into a list of target groups");
    }
    List<RawGroup> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      if (item == null) {
        throw new IOException("nil target group item found (index " + i + ")");
      }
      if (!(item instanceof Map<?, ?> m)) {
        throw new IOException("json: cannot unmarshal " + jsonKind(item) + " into a target group (index " + i + ")");
      }
      for (Object key : m.keySet()) {
        if (!key.equals("targets") && !key.equals("labels")) {
          throw new IOException("json: unknown field \"" + key + "\"");
        }
      }
      List<String> targets = new ArrayList<>();
      Object ts = m.get("targets");
      if (ts instanceof List<?> tl) {
        for (Object t : tl) {
          if (!(t instanceof String str)) {
            throw new IOException("json: cannot unmarshal " + jsonKind(t) + " into a target (index " + i + ")");
          }
          targets.add(str);
        }
      } else if (ts != null) {
        throw new IOException("json: cannot unmarshal " + jsonKind(ts) + " into targets (index " + i + ")");
      }
      List<Map.Entry<String, String>> labels = new ArrayList<>();
      Object ls = m.get("labels");
      if (ls instanceof Map<?, ?> lm) {
        for (Map.Entry<?, ?> e : lm.entrySet()) {
          if (!(e.getValue() instanceof String v)) {
            throw new IOException("json: cannot unmarshal " + jsonKind(e.getValue()) + " into label value of \""
                + e.getKey() + "\" (index " + i + ")");
          }
          labels.add(Map.entry((String) e.getKey(), v));
        }
      } else if (ls != null) {
        throw new IOException("json: cannot unmarshal " + jsonKind(ls) + " into labels (index " + i + ")");
      }
      out.add(new RawGroup(targets, labels));
    }
    return out;
  }

  private static String jsonKind(Object o) {
    if (o == null) {
      return "null";
    }
    if (o instanceof Map) {
      return "object";
    }
    if (o instanceof List) {
      return "array";
    }
    if (o instanceof String) {
      return "string";
    }
    return o instanceof Boolean ? "bool" : "number";
  }

  private static List<RawGroup> yaml(String text) throws IOException {
    LoaderOptions opts = new LoaderOptions();
    opts.setAllowDuplicateKeys(false);
    Node root;
    try {
      root = new Yaml(opts).compose(new java.io.StringReader(text));
    } catch (MarkedYAMLException e) {
      throw new IOException("yaml: line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
    } catch (YAMLException e) {
      throw new IOException("yaml: " + e.getMessage());
    }
    if (root == null || isNull(root)) {
      return List.of();
    }
    if (!(root instanceof SequenceNode seq)) {
      throw yamlError(root, "cannot unmarshal " + kind(root) + " into a list of target groups");
    }
    List<RawGroup> out = new ArrayList<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node item = seq.getValue().get(i);
      if (isNull(item)) {
        throw new IOException("nil target group item found (index " + i + ")");
      }
      if (!(item instanceof MappingNode m)) {
        throw yamlError(item, "cannot unmarshal " + kind(item) + " into a target group");
      }
      List<String> targets = new ArrayList<>();
      List<Map.Entry<String, String>> labels = new ArrayList<>();
      java.util.Set<String> keys = new java.util.HashSet<>();
      for (NodeTuple t : m.getValue()) {
        String key = scalar(t.getKeyNode());
        if (!keys.add(key)) {
          throw yamlError(t.getKeyNode(), "mapping key \"" + key + "\" already defined");
        }
        Node v = t.getValueNode();
        switch (key) {
          case "targets" -> {
            if (isNull(v)) {
              continue;
            }
            if (!(v instanceof SequenceNode ts)) {
              throw yamlError(v, "cannot unmarshal " + kind(v) + " into targets");
            }
            for (Node tn : ts.getValue()) {
              targets.add(scalar(tn));
            }
          }
          case "labels" -> {
            if (isNull(v)) {
              continue;
            }
            if (!(v instanceof MappingNode lm)) {
              throw yamlError(v, "cannot unmarshal " + kind(v) + " into labels");
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (NodeTuple lt : lm.getValue()) {
              if (!seen.add(scalar(lt.getKeyNode()))) {
                throw yamlError(lt.getKeyNode(), "mapping key \"" + scalar(lt.getKeyNode()) + "\" already defined");
              }
              labels.add(Map.entry(scalar(lt.getKeyNode()), isNull(lt.getValueNode()) ? "" : scalar(lt.getValueNode())));
            }
          }
          default -> throw yamlError(t.getKeyNode(), "field " + key + " not found in type struct (targets, labels)");
        }
      }
      out.add(new RawGroup(targets, labels));
    }
    return out;
  }

  private static boolean isNull(Node n) {
    return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
  }

  private static String scalar(Node n) throws IOException {
    if (!(n instanceof ScalarNode s)) {
      throw yamlError(n, "cannot unmarshal " + kind(n) + " into string");
    }
    return s.getValue();
  }

  private static String kind(Node n) {
    if (n instanceof SequenceNode) {
      return "!!seq";
    }
    if (n instanceof MappingNode) {
      return "!!map";
    }
    return "!!" + n.getTag().getValue().replace(Tag.PREFIX, "") + " `" + ((ScalarNode) n).getValue() + "`";
  }

  private static IOException yamlError(Node n, String what) {
    return new IOException("yaml: line " + (n.getStartMark().getLine() + 1) + ": " + what);
  }
}
