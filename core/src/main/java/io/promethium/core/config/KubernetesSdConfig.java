package io.promethium.core.config;

import java.util.List;

/**
 * One {@code kubernetes_sd_configs:} entry. Immutable.
 *
 * @param role one of {@code endpoints}, {@code endpointslice}, {@code service}, {@code pod}, {@code
 *     node}, {@code ingress}
 * @param apiServer the API server URL, or null for in-cluster discovery
 * @param namespaces {@code namespaces.names}; empty means all namespaces
 * @param ownNamespace {@code namespaces.own_namespace}: also watch the namespace Prometheus runs in
 * @param selectors label/field selectors per role
 * @param httpClient how to talk to the API server
 * @param attachMetadataNode {@code attach_metadata.node}: add node labels to pod targets
 */
public record KubernetesSdConfig(
    String role,
    String apiServer,
    List<String> namespaces,
    boolean ownNamespace,
    List<Selector> selectors,
    HttpClientConfig httpClient,
    boolean attachMetadataNode) {

  /** The roles Prometheus accepts. */
  public static final List<String> ROLES =
      List.of("endpoints", "endpointslice", "service", "pod", "node", "ingress");

  public KubernetesSdConfig {
    namespaces = List.copyOf(namespaces);
    selectors = List.copyOf(selectors);
  }

  /**
   * One {@code selectors:} entry: Kubernetes label and field selector strings applied when listing
   * objects of {@code role}. Either may be null.
   */
  public record Selector(String role, String label, String field) {}
}
