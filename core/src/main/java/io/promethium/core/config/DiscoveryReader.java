package io.promethium.core.config;

import io.promethium.core.relabel.LabelName;
import io.promethium.core.labels.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the service-discovery lists a scrape job or Alertmanager entry may hold: {@code static_configs},
 * {@code file_sd_configs}, {@code kubernetes_sd_configs}; names every other Prometheus SD type as
 * unsupported. Validation as Prometheus 2.48's {@code discovery/file} and {@code discovery/kubernetes}.
 */
final class DiscoveryReader {
  static final Set<String> SUPPORTED_KEYS = Set.of("static_configs", "file_sd_configs", "kubernetes_sd_configs");

  /** Prometheus 2.48's other SD mechanisms: recognised so the error says "not supported", not "unknown". */
  static final Set<String> UNSUPPORTED_KEYS =
      Set.of(
          "azure_sd_configs", "consul_sd_configs", "digitalocean_sd_configs", "docker_sd_configs",
          "dockerswarm_sd_configs", "dns_sd_configs", "ec2_sd_configs", "eureka_sd_configs", "gce_sd_configs",
          "hetzner_sd_configs", "http_sd_configs", "ionos_sd_configs", "kuma_sd_configs",
          "lightsail_sd_configs", "linode_sd_configs", "marathon_sd_configs", "nerve_sd_configs",
          "nomad_sd_configs", "openstack_sd_configs", "ovhcloud_sd_configs", "puppetdb_sd_configs",
          "scaleway_sd_configs", "serverset_sd_configs", "triton_sd_configs", "uyuni_sd_configs",
          "vultr_sd_configs");

  private static final Set<String> STATIC_KEYS = Set.of("targets", "labels");
  /** How Go names the anonymous struct Prometheus decodes a target group into. */
  private static final String STATIC_GROUP_TYPE =
      "struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet \"yaml:\\\"labels\\\"\" }";
  private static final Set<String> FILE_KEYS = Set.of("files", "refresh_interval");
  private static final Set<String> K8S_KEYS = union(
      Set.of("api_server", "role", "kubeconfig_file", "namespaces", "selectors", "attach_metadata"),
      HttpClientReader.KEYS);
  private static final Set<String> K8S_NAMESPACE_KEYS = Set.of("own_namespace", "names");
  private static final Set<String> K8S_SELECTOR_KEYS = Set.of("role", "label", "field");
  private static final Set<String> K8S_ATTACH_KEYS = Set.of("node");
  private static final Pattern FILE_SD_NAME =
      Pattern.compile("[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)");
  private static final Map<String, List<String>> ALLOWED_SELECTORS =
      Map.of(
          "pod", List.of("pod"),
          "service", List.of("service"),
          "endpointslice", List.of("pod", "service", "endpointslice"),
          "endpoints", List.of("pod", "service", "endpoints"),
          "node", List.of("node"),
          "ingress", List.of("ingress"));

  private DiscoveryReader() {}

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new HashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }

  static void rejectUnsupported(YamlMap m) throws ConfigException {
    for (String k : UNSUPPORTED_KEYS) {
      if (m.has(k)) {
        throw m.errorAt(k, k + " is not supported by promethium (supported: static_configs, file_sd_configs,"
            + " kubernetes_sd_configs)");
      }
    }
  }

  /** Reads {@code static_configs}; with {@code checkTargets}, a target holding a '/' is an error. */
  static List<StaticConfig> staticConfigs(YamlMap m, boolean checkTargets) throws ConfigException {
    List<Node> items = m.seq("static_configs");
    List<StaticConfig> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String path = m.childPath("static_configs") + "[" + i + "]";
      if (YamlMap.isNull(items.get(i))) {
        continue; // Go yaml leaves a null group empty
      }
      YamlMap s = YamlMap.of(items.get(i), m.file, path, STATIC_GROUP_TYPE, STATIC_KEYS);
      List<String> targets = s.strings("targets");
      if (checkTargets) {
        for (int j = 0; j < targets.size(); j++) {
          if (targets.get(j).contains("/")) {
            Node at = ((org.yaml.snakeyaml.nodes.SequenceNode) s.value("targets")).getValue().get(j);
            throw YamlMap.error(m.file, s.childPath("targets") + "[" + j + "]", at,
                RelabelConfigReader.quote(targets.get(j)) + " is not a valid hostname");
          }
        }
      }
      Map<String, String> labels = s.stringMap("labels");
      for (String name : labels.keySet()) {
        if (!LabelName.isValid(name)) {
          throw YamlMap.error(m.file, s.childPath("labels"), s.keyNodeIn("labels", name),
              RelabelConfigReader.quote(name) + " is not a valid label name");
        }
      }
      out.add(new StaticConfig(targets, Labels.fromMap(labels)));
    }
    return out;
  }

  static List<FileSdConfig> fileSdConfigs(YamlMap m, Path dir) throws ConfigException {
    List<Node> items = m.seq("file_sd_configs");
    List<FileSdConfig> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String path = m.childPath("file_sd_configs") + "[" + i + "]";
      YamlMap f = YamlMap.of(items.get(i), m.file, path, "file.plain", FILE_KEYS);
      List<String> files = f.strings("files");
      if (files.isEmpty()) {
        throw f.error("file service discovery config must contain at least one path name");
      }
      List<String> resolved = new ArrayList<>(files.size());
      for (String name : files) {
        if (!FILE_SD_NAME.matcher(name).matches()) {
          throw f.errorAt("files", "path name " + RelabelConfigReader.quote(name)
              + " is not valid for file discovery");
        }
        resolved.add(HttpClientReader.join(dir, name));
      }
      Duration refresh = f.duration("refresh_interval", FileSdConfig.DEFAULT_REFRESH_INTERVAL);
      out.add(new FileSdConfig(resolved, refresh));
    }
    return out;
  }

  static List<KubernetesSdConfig> kubernetesSdConfigs(YamlMap m, Path dir) throws ConfigException {
    List<Node> items = m.seq("kubernetes_sd_configs");
    List<KubernetesSdConfig> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String path = m.childPath("kubernetes_sd_configs") + "[" + i + "]";
      out.add(kubernetes(YamlMap.of(items.get(i), m.file, path, "kubernetes.plain", K8S_KEYS), dir));
    }
    return out;
  }

  private static KubernetesSdConfig kubernetes(YamlMap k, Path dir) throws ConfigException {
    String role = k.string("role", "");
    if (!role.isEmpty() && !KubernetesSdConfig.ROLES.contains(role)) {
      throw k.errorAt("role", "unknown Kubernetes SD role " + RelabelConfigReader.quote(role));
    }
    String apiServer = HttpClientReader.emptyToNull(k.string("api_server", ""));
    if (apiServer != null) {
      try {
        new java.net.URI(apiServer);
      } catch (java.net.URISyntaxException e) {
        throw k.errorAt("api_server", "parse " + RelabelConfigReader.quote(apiServer) + ": " + e.getReason());
      }
    }
    List<String> names = List.of();
    boolean own = false;
    if (k.has("namespaces") && !YamlMap.isNull(k.value("namespaces"))) {
      YamlMap ns = YamlMap.of(k.value("namespaces"), k.file, k.childPath("namespaces"),
          "kubernetes.NamespaceDiscovery", K8S_NAMESPACE_KEYS);
      names = ns.strings("names");
      own = ns.bool("own_namespace", false);
    }
    boolean attachNode = false;
    if (k.has("attach_metadata") && !YamlMap.isNull(k.value("attach_metadata"))) {
      YamlMap am = YamlMap.of(k.value("attach_metadata"), k.file, k.childPath("attach_metadata"),
          "kubernetes.AttachMetadataConfig", K8S_ATTACH_KEYS);
      attachNode = am.bool("node", false);
    }
    if (role.isEmpty()) {
      throw k.error("role missing (one of: pod, service, endpoints, endpointslice, node, ingress)");
    }
    HttpClientConfig http = HttpClientReader.read(k, dir, true);
    if (!k.string("kubeconfig_file", "").isEmpty()) {
      throw k.errorAt("kubeconfig_file", "kubeconfig_file is not supported by promethium; use api_server");
    }
    if (apiServer == null && !http.equals(HttpClientConfig.DEFAULT)) {
      throw k.error("to use custom HTTP client configuration please provide the 'api_server' URL explicitly");
    }
    if (apiServer != null && own) {
      throw k.error("cannot use 'api_server' and 'namespaces.own_namespace' simultaneously");
    }
    List<KubernetesSdConfig.Selector> selectors = new ArrayList<>();
    Set<String> seenRoles = new HashSet<>();
    List<Node> selectorNodes = k.seq("selectors");
    for (int i = 0; i < selectorNodes.size(); i++) {
      YamlMap s = YamlMap.of(selectorNodes.get(i), k.file, k.childPath("selectors") + "[" + i + "]",
          "kubernetes.SelectorConfig", K8S_SELECTOR_KEYS);
      String sRole = s.string("role", "");
      if (!sRole.isEmpty() && !KubernetesSdConfig.ROLES.contains(sRole)) {
        throw s.errorAt("role", "unknown Kubernetes SD role " + RelabelConfigReader.quote(sRole));
      }
      if (!seenRoles.add(sRole)) {
        throw s.error("duplicated selector role: " + sRole);
      }
      List<String> allowed = ALLOWED_SELECTORS.get(role);
      if (!allowed.contains(sRole)) {
        throw s.error(role + " role supports only " + String.join(", ", allowed) + " selectors");
      }
      selectors.add(new KubernetesSdConfig.Selector(sRole, HttpClientReader.emptyToNull(s.string("label", "")),
          HttpClientReader.emptyToNull(s.string("field", ""))));
    }
    return new KubernetesSdConfig(role, apiServer, names, own, selectors, http, attachNode);
  }
}
