package io.promethium.core.config;

import java.util.List;

/**
 * One relabeling rule ({@code relabel_configs}, {@code metric_relabel_configs}, ...). Immutable.
 *
 * <table>
 *   <caption>Defaults (as Prometheus 2.48)</caption>
 *   <tr><th>field</th><th>default</th></tr>
 *   <tr><td>separator</td><td>{@code ;}</td></tr>
 *   <tr><td>regex</td><td>{@code (.*)}</td></tr>
 *   <tr><td>replacement</td><td>{@code $1}</td></tr>
 *   <tr><td>action</td><td>replace</td></tr>
 * </table>
 *
 * @param regex the expression as written; it is matched fully anchored ({@code ^(?:regex)$})
 * @param modulus for hashmod; 0 otherwise
 */
public record RelabelConfig(
    List<String> sourceLabels,
    String separator,
    String regex,
    long modulus,
    String targetLabel,
    String replacement,
    RelabelAction action) {

  public static final String DEFAULT_SEPARATOR = ";";
  public static final String DEFAULT_REGEX = "(.*)";
  public static final String DEFAULT_REPLACEMENT = "$1";

  public RelabelConfig {
    sourceLabels = List.copyOf(sourceLabels);
  }

  /** A rule with Prometheus's defaults for every field but those given. */
  public static RelabelConfig of(
      RelabelAction action, List<String> sourceLabels, String regex, String targetLabel, String replacement) {
    return new RelabelConfig(
        sourceLabels,
        DEFAULT_SEPARATOR,
        regex == null ? DEFAULT_REGEX : regex,
        0,
        targetLabel == null ? "" : targetLabel,
        replacement == null ? DEFAULT_REPLACEMENT : replacement,
        action);
  }
}
