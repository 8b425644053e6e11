package io.promethium.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads one {@code scrape_configs} entry, applying global defaults and Prometheus 2.48's checks. */
final class ScrapeConfigReader {
  private static final Set<String> OWN_KEYS =
      Set.of(
          "job_name", "honor_labels", "honor_timestamps", "track_timestamps_staleness", "params",
          "scrape_interval", "scrape_timeout", "scrape_classic_histograms", "native_histogram_bucket_limit",
          "metrics_path", "scheme", "body_size_limit", "sample_limit", "target_limit", "label_limit",
          "label_name_length_limit", "label_value_length_limit", "keep_dropped_targets", "relabel_configs",
          "metric_relabel_configs");
  static final Set<String> KEYS = DiscoveryReader.union(DiscoveryReader.union(OWN_KEYS, HttpClientReader.KEYS),
      DiscoveryReader.union(DiscoveryReader.SUPPORTED_KEYS, DiscoveryReader.UNSUPPORTED_KEYS));

  private ScrapeConfigReader() {}

  static ScrapeConfig read(YamlMap m, GlobalConfig global, Path dir) throws ConfigException {
    String job = m.string("job_name", "");
    boolean honorLabels = m.bool("honor_labels", false);
    boolean honorTimestamps = m.bool("honor_timestamps", true);
    if (m.bool("track_timestamps_staleness", false)) {
      throw m.errorAt("track_timestamps_staleness", "track_timestamps_staleness is not supported by promethium");
    }
    if (m.bool("scrape_classic_histograms", false)) {
      throw m.errorAt("scrape_classic_histograms", "scrape_classic_histograms is not supported by promethium");
    }
    if (m.uint("native_histogram_bucket_limit", 0) != 0) {
      throw m.errorAt("native_histogram_bucket_limit",
          "native_histogram_bucket_limit is not supported by promethium");
    }
    m.uint("keep_dropped_targets", 0); // accepted; Promethium keeps every dropped target
    Map<String, List<String>> params = params(m);
    Duration interval = m.duration("scrape_interval", Duration.ZERO);
    Duration timeout = m.duration("scrape_timeout", Duration.ZERO);
    String metricsPath = m.string("metrics_path", ScrapeConfig.DEFAULT_METRICS_PATH);
    String scheme = m.string("scheme", ScrapeConfig.DEFAULT_SCHEME);
    long bodySize = m.bytes("body_size_limit");
    long sampleLimit = m.uint("sample_limit", 0);
    long targetLimit = m.uint("target_limit", 0);
    long labelLimit = m.uint("label_limit", 0);
    long labelNameLengthLimit = m.uint("label_name_length_limit", 0);
    long labelValueLengthLimit = m.uint("label_value_length_limit", 0);
    DiscoveryReader.rejectUnsupported(m);
    List<RelabelConfig> relabel = RelabelConfigReader.readList(m, "relabel_configs",
        "empty or null target relabeling rule in scrape config");
    // Prometheus refuses URLs as static targets unless relabeling could fix them up.
    List<StaticConfig> statics = DiscoveryReader.staticConfigs(m, relabel.isEmpty());
    List<FileSdConfig> files = DiscoveryReader.fileSdConfigs(m, dir);
    List<KubernetesSdConfig> kubernetes = DiscoveryReader.kubernetesSdConfigs(m, dir);
    List<RelabelConfig> metricRelabel = RelabelConfigReader.readList(m, "metric_relabel_configs",
        "empty or null metric relabeling rule in scrape config");
    if (job.isEmpty()) {
      throw m.error("job_name is empty");
    }
    HttpClientConfig http = HttpClientReader.read(m, dir, true);
    if (interval.isZero()) {
      interval = global.scrapeInterval();
    }
    if (timeout.compareTo(interval) > 0) {
      throw m.errorAt("scrape_timeout", "scrape timeout greater than scrape interval for scrape config with job name "
          + RelabelConfigReader.quote(job));
    }
    if (timeout.isZero()) {
      timeout = global.scrapeTimeout().compareTo(interval) > 0 ? interval : global.scrapeTimeout();
    }
    return new ScrapeConfig(
        job, interval, timeout, metricsPath, scheme, params, honorLabels, honorTimestamps,
        or(sampleLimit, global.sampleLimit()),
        or(labelLimit, global.labelLimit()),
        or(labelNameLengthLimit, global.labelNameLengthLimit()),
        or(labelValueLengthLimit, global.labelValueLengthLimit()),
        or(targetLimit, global.targetLimit()),
        or(bodySize, global.bodySizeLimitBytes()),
        http, statics, files, kubernetes, relabel, metricRelabel);
  }

  private static long or(long v, long def) {
    return v == 0 ? def : v;
  }

  private static Map<String, List<String>> params(YamlMap m) throws ConfigException {
    Node v = m.value("params");
    if (YamlMap.isNull(v)) {
      return Map.of();
    }
    if (!(v instanceof MappingNode mn)) {
      throw m.errorAt("params", "cannot unmarshal " + YamlMap.tagOf(v) + " into url.Values");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (NodeTuple t : mn.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k) || !seen.add(k.getValue())) {
        throw YamlMap.error(m.file, m.childPath("params"), t.getKeyNode(), "invalid or duplicate params key");
      }
      Node val = t.getValueNode();
      String path = m.childPath("params") + "." + k.getValue();
      if (YamlMap.isNull(val)) {
        out.put(k.getValue(), List.of());
        continue;
      }
      if (!(val instanceof SequenceNode seq)) {
        throw YamlMap.error(m.file, path, val, "cannot unmarshal " + YamlMap.tagOf(val) + " into []string");
      }
      List<String> values = new java.util.ArrayList<>();
      for (Node item : seq.getValue()) {
        if (!(item instanceof ScalarNode s)) {
          throw YamlMap.error(m.file, path, item, "cannot unmarshal " + YamlMap.tagOf(item) + " into string");
        }
        values.add(YamlMap.isNull(s) ? "" : s.getValue());
      }
      out.put(k.getValue(), List.copyOf(values));
    }
    return out;
  }
}
