package io.promethium.core.config;

import io.promethium.core.relabel.LabelName;
import io.promethium.core.labels.Labels;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Loads and validates {@code prometheus.yml} like Prometheus 2.48's {@code config.LoadFile}: strict
 * fields, Go-yaml-v2 typing, Prometheus's defaults and checks. Errors are {@link ConfigException}s whose
 * message reads {@code file:line:col: message (at field.path)}. {@code ${VAR}} is not expanded (Prometheus
 * only does so behind a feature flag). Stateless and thread-safe.
 *
 * <p>{@code scrape_config_files} are read at load time (and so again on every reload) and their jobs
 * appended to {@code scrape_configs}. Not supported (refused with a clear message rather than silently
 * ignored): the {@code storage} and {@code tracing} sections, SD mechanisms other than static, file and
 * Kubernetes, OAuth2, SigV4/Azure AD auth, inline TLS material.
 */
public final class ConfigLoader {
  private static final Set<String> TOP_KEYS =
      Set.of("global", "alerting", "rule_files", "scrape_config_files", "scrape_configs", "storage", "tracing",
          "remote_write", "remote_read");
  private static final Set<String> GLOBAL_KEYS =
      Set.of("scrape_interval", "scrape_timeout", "evaluation_interval", "query_log_file", "external_labels",
          "body_size_limit", "sample_limit", "target_limit", "label_limit", "label_name_length_limit",
          "label_value_length_limit", "keep_dropped_targets");
  private static final Set<String> ALERTING_KEYS = Set.of("alert_relabel_configs", "alertmanagers");
  private static final Set<String> ALERTMANAGER_KEYS = DiscoveryReader.union(
      DiscoveryReader.union(Set.of("api_version", "path_prefix", "scheme", "timeout", "sigv4", "relabel_configs"),
          HttpClientReader.KEYS),
      DiscoveryReader.union(DiscoveryReader.SUPPORTED_KEYS, DiscoveryReader.UNSUPPORTED_KEYS));
  private static final Set<String> REMOTE_WRITE_KEYS = DiscoveryReader.union(
      Set.of("url", "remote_timeout", "headers", "write_relabel_configs", "name", "send_exemplars",
          "send_native_histograms", "queue_config", "metadata_config", "sigv4", "azuread"),
      HttpClientReader.KEYS);
  private static final Set<String> QUEUE_KEYS =
      Set.of("capacity", "max_shards", "min_shards", "max_samples_per_send", "batch_send_deadline", "min_backoff",
          "max_backoff", "retry_on_http_429");
  private static final Set<String> METADATA_KEYS = Set.of("send", "send_interval", "max_samples_per_send");
  private static final Set<String> REMOTE_READ_KEYS = DiscoveryReader.union(
      Set.of("url", "remote_timeout", "headers", "read_recent", "name", "required_matchers",
          "filter_external_labels"),
      HttpClientReader.KEYS);
  private static final Set<String> RESERVED_HEADERS =
      Set.of("host", "content-encoding", "content-length", "content-type", "user-agent", "connection",
          "keep-alive", "proxy-authenticate", "proxy-authorization", "www-authenticate", "accept-encoding",
          "x-prometheus-remote-write-version", "x-prometheus-remote-read-version", "x-amz-date",
          "x-amz-security-token", "x-amz-content-sha256");
  private static final Pattern RULE_PATH = Pattern.compile("[^*]*(\\*[^/]*)?");
  /** Large configs (thousands of jobs) are fine; a runaway file is not. */
  private static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

  private ConfigLoader() {}

  /**
   * Reads and validates {@code file}; relative paths inside (rule files, file SD, TLS and credential files,
   * query log) are resolved against the file's directory, as Prometheus does.
   */
  public static PrometheusConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), 0, 0, "open " + file + ": no such file or directory");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, 0, "open " + file + ": " + e.getMessage());
    }
    // As Prometheus: joined with the directory as given, so a relative config path gives relative names.
    Path dir = file.getParent() == null ? Path.of(".") : file.getParent();
    return parse(text, file.toString(), dir);
  }

  /** Parses {@code yaml}; {@code fileName} only labels error messages. Relative paths stay relative. */
  public static PrometheusConfig parse(String yaml, String fileName) throws ConfigException {
    return parse(yaml, fileName, null);
  }

  private static PrometheusConfig parse(String yaml, String file, Path dir) throws ConfigException {
    Node root = compose(yaml, file);
    if (YamlMap.isNull(root)) {
      return new PrometheusConfig(GlobalConfig.DEFAULT, List.of(), List.of(), AlertingConfig.EMPTY, List.of(),
          List.of(), yaml);
    }
    YamlMap top = YamlMap.of(root, file, "", "config.plain", TOP_KEYS);
    for (String unsupported : new String[] {"storage", "tracing"}) {
      if (top.has(unsupported) && !YamlMap.isNull(top.value(unsupported))) {
        throw top.errorAt(unsupported, unsupported + " is not supported by promethium");
      }
    }
    GlobalConfig global = GlobalConfig.DEFAULT;
    if (!YamlMap.isNull(top.value("global"))) {
      global = global(YamlMap.of(top.value("global"), file, "global", "config.plain", GLOBAL_KEYS), dir);
    }
    List<String> ruleFiles = new ArrayList<>();
    for (String rf : top.strings("rule_files")) {
      if (!RULE_PATH.matcher(rf).matches()) {
        throw top.errorAt("rule_files", "invalid rule file path " + RelabelConfigReader.quote(rf));
      }
      ruleFiles.add(HttpClientReader.join(dir, rf));
    }
    List<ScrapeConfig> scrapes = new ArrayList<>();
    Set<String> jobs = new HashSet<>();
    List<Node> scrapeNodes = top.seq("scrape_configs");
    for (int i = 0; i < scrapeNodes.size(); i++) {
      String path = "scrape_configs[" + i + "]";
      Node n = scrapeNodes.get(i);
      if (YamlMap.isNull(n)) {
        throw YamlMap.error(file, path, n, "empty or null scrape config section");
      }
      YamlMap sm = YamlMap.of(n, file, path, "config.ScrapeConfig", ScrapeConfigReader.KEYS);
      ScrapeConfig sc = ScrapeConfigReader.read(sm, global, dir);
      if (!jobs.add(sc.jobName())) {
        throw sm.errorAt("job_name", "found multiple scrape configs with job name "
            + RelabelConfigReader.quote(sc.jobName()));
      }
      scrapes.add(sc);
    }
    List<String> scrapeFilePatterns = new ArrayList<>();
    for (String sf : top.strings("scrape_config_files")) {
      if (!RULE_PATH.matcher(sf).matches()) {
        throw top.errorAt("scrape_config_files", "invalid scrape config file path " + RelabelConfigReader.quote(sf));
      }
      scrapeFilePatterns.add(HttpClientReader.join(dir, sf));
    }
    Map<String, String> firstFoundIn = new java.util.HashMap<>();
    for (ScrapeConfig sc : scrapes) {
      firstFoundIn.put(sc.jobName(), "main config file");
    }
    for (String pattern : scrapeFilePatterns) {
      for (Path f : glob(pattern)) {
        for (ScrapeConfig sc : scrapeConfigFile(f, global)) {
          String first = firstFoundIn.putIfAbsent(sc.jobName(), "\"" + f.toAbsolutePath() + "\"");
          if (first != null) {
            throw new ConfigException(f.toString(), 0, 0, "found multiple scrape configs with job name "
                + RelabelConfigReader.quote(sc.jobName()) + ", first found in " + first);
          }
          scrapes.add(sc);
        }
      }
    }
    AlertingConfig alerting = AlertingConfig.EMPTY;
    if (!YamlMap.isNull(top.value("alerting"))) {
      alerting = alerting(YamlMap.of(top.value("alerting"), file, "alerting", "config.plain",
          ALERTING_KEYS), dir);
    }
    List<RemoteWriteConfig> writes = new ArrayList<>();
    Set<String> writeNames = new HashSet<>();
    List<Node> rw = top.seq("remote_write");
    for (int i = 0; i < rw.size(); i++) {
      String path = "remote_write[" + i + "]";
      if (YamlMap.isNull(rw.get(i))) {
        throw YamlMap.error(file, path, rw.get(i), "empty or null remote write config section");
      }
      YamlMap wm = YamlMap.of(rw.get(i), file, path, "config.plain", REMOTE_WRITE_KEYS);
      RemoteWriteConfig w = remoteWrite(wm, dir);
      if (!w.name().isEmpty() && !writeNames.add(w.name())) {
        throw wm.errorAt("name", "found multiple remote write configs with job name "
            + RelabelConfigReader.quote(w.name()));
      }
      writes.add(w);
    }
    List<RemoteReadConfig> reads = new ArrayList<>();
    Set<String> readNames = new HashSet<>();
    List<Node> rr = top.seq("remote_read");
    for (int i = 0; i < rr.size(); i++) {
      String path = "remote_read[" + i + "]";
      if (YamlMap.isNull(rr.get(i))) {
        throw YamlMap.error(file, path, rr.get(i), "empty or null remote read config section");
      }
      YamlMap rm = YamlMap.of(rr.get(i), file, path, "config.plain", REMOTE_READ_KEYS);
      RemoteReadConfig r = remoteRead(rm, dir);
      if (!r.name().isEmpty() && !readNames.add(r.name())) {
        throw rm.errorAt("name", "found multiple remote read configs with job name "
            + RelabelConfigReader.quote(r.name()));
      }
      reads.add(r);
    }
    return new PrometheusConfig(global, ruleFiles, scrapes, alerting, writes, reads, yaml);
  }

  /**
   * The config with {@code $VAR} / {@code ${VAR}} in external label values replaced from {@code env} (unset
   * variables become empty; {@code $$} is a literal dollar), as Prometheus does under {@code
   * --enable-feature=expand-external-labels}.
   */
  public static PrometheusConfig expandExternalLabels(
      PrometheusConfig cfg, java.util.function.Function<String, String> env) {
    GlobalConfig g = cfg.global();
    Labels.Builder b = Labels.builder();
    g.externalLabels().forEach((name, value) -> b.set(name, expand(value, env)));
    GlobalConfig ng = new GlobalConfig(g.scrapeInterval(), g.scrapeTimeout(), g.evaluationInterval(), b.build(),
        g.queryLogFile(), g.sampleLimit(), g.labelLimit(), g.labelNameLengthLimit(), g.labelValueLengthLimit(),
        g.targetLimit(), g.bodySizeLimitBytes());
    return new PrometheusConfig(ng, cfg.ruleFiles(), cfg.scrapeConfigs(), cfg.alerting(), cfg.remoteWrite(),
        cfg.remoteRead(), cfg.originalYaml());
  }

  /** Go's {@code os.Expand} with Prometheus's mapping ({@code $$} stays a dollar). */
  static String expand(String s, java.util.function.Function<String, String> env) {
    if (s.indexOf('$') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '$' || i + 1 >= s.length()) {
        out.append(c);
        i++;
        continue;
      }
      char n = s.charAt(i + 1);
      if (n == '$') {
        out.append('$');
        i += 2;
      } else if (n == '{') {
        int end = s.indexOf('}', i + 2);
        if (end < 0) {
          i = s.length(); // Go drops a malformed ${ and the rest
        } else {
          String v = env.apply(s.substring(i + 2, end));
          out.append(v == null ? "" : v);
          i = end + 1;
        }
      } else {
        int end = i + 1;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
          end++;
        }
        if (end == i + 1) {
          out.append('$');
          i++;
        } else {
          String v = env.apply(s.substring(i + 1, end));
          out.append(v == null ? "" : v);
          i = end;
        }
      }
    }
    return out.toString();
  }

  /** Reads one {@code scrape_config_files} file: a mapping with a {@code scrape_configs} list. */
  private static List<ScrapeConfig> scrapeConfigFile(Path f, GlobalConfig global) throws ConfigException {
    String text;
    try {
      text = Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(f.toString(), 0, 0, "open " + f + ": " + e.getMessage());
    }
    String file = f.toString();
    Node root = compose(text, file);
    List<ScrapeConfig> out = new ArrayList<>();
    if (YamlMap.isNull(root)) {
      return out;
    }
    YamlMap top = YamlMap.of(root, file, "", "config.ScrapeConfigs", Set.of("scrape_configs"));
    List<Node> nodes = top.seq("scrape_configs");
    Path dir = f.getParent() == null ? Path.of(".") : f.getParent();
    for (int i = 0; i < nodes.size(); i++) {
      String path = "scrape_configs[" + i + "]";
      if (YamlMap.isNull(nodes.get(i))) {
        throw YamlMap.error(file, path, nodes.get(i), "empty or null scrape config section");
      }
      out.add(ScrapeConfigReader.read(YamlMap.of(nodes.get(i), file, path, "config.ScrapeConfig",
          ScrapeConfigReader.KEYS), global, dir));
    }
    return out;
  }

  /** Files matching {@code pattern} (a glob only in the last element, as the path rule allows), sorted. */
  private static List<Path> glob(String pattern) {
    Path p = Path.of(pattern);
    List<Path> out = new ArrayList<>();
    String name = p.getFileName() == null ? "" : p.getFileName().toString();
    Path parent = p.getParent() == null ? Path.of(".") : p.getParent();
    if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
      if (Files.isRegularFile(p)) {
        out.add(p);
      }
      return out;
    }
    if (!Files.isDirectory(parent)) {
      return out;
    }
    try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(parent, name)) {
      for (Path m : ds) {
        if (Files.isRegularFile(m)) {
          out.add(p.getParent() == null ? m.getFileName() : m);
        }
      }
    } catch (IOException e) {
      return out;
    }
    out.sort(null);
    return out;
  }

  private static Node compose(String yaml, String file) throws ConfigException {
    LoaderOptions opts = new LoaderOptions();
    opts.setAllowDuplicateKeys(true); // duplicates are reported by YamlMap with Go's wording
    opts.setMergeOnCompose(true);
    opts.setCodePointLimit(MAX_CODE_POINTS);
    DumperOptions dump = new DumperOptions();
    Yaml y = new Yaml(new SafeConstructor(opts), new Representer(dump), dump, opts);
    try {
      return y.compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      if (m == null) {
        throw new ConfigException(file, 0, 0, "yaml: " + problem);
      }
      throw new ConfigException(file, m.getLine() + 1, m.getColumn() + 1, "yaml: " + problem);
    } catch (YAMLException e) {
      throw new ConfigException(file, 0, 0, "yaml: " + e.getMessage());
    }
  }

  private static GlobalConfig global(YamlMap g, Path dir) throws ConfigException {
    Duration interval = g.duration("scrape_interval", Duration.ZERO);
    Duration timeout = g.duration("scrape_timeout", Duration.ZERO);
    Duration eval = g.duration("evaluation_interval", Duration.ZERO);
    String queryLog = g.string("query_log_file", "");
    Map<String, String> ext = g.stringMap("external_labels");
    for (String name : ext.keySet()) {
      if (!LabelName.isValid(name)) {
        throw YamlMap.error(g.file, g.childPath("external_labels"), g.keyNodeIn("external_labels", name),
            RelabelConfigReader.quote(name) + " is not a valid label name");
      }
    }
    long body = g.bytes("body_size_limit");
    long sample = g.uint("sample_limit", 0);
    long target = g.uint("target_limit", 0);
    long label = g.uint("label_limit", 0);
    long nameLen = g.uint("label_name_length_limit", 0);
    long valueLen = g.uint("label_value_length_limit", 0);
    g.uint("keep_dropped_targets", 0); // accepted; Promethium keeps every dropped target
    if (interval.isZero()) {
      interval = GlobalConfig.DEFAULT_SCRAPE_INTERVAL;
    }
    if (timeout.compareTo(interval) > 0) {
      throw g.errorAt("scrape_timeout", "global scrape timeout greater than scrape interval");
    }
    if (timeout.isZero()) {
      timeout = GlobalConfig.DEFAULT_SCRAPE_TIMEOUT.compareTo(interval) > 0
          ? interval : GlobalConfig.DEFAULT_SCRAPE_TIMEOUT;
    }
    if (eval.isZero()) {
      eval = GlobalConfig.DEFAULT_EVALUATION_INTERVAL;
    }
    return new GlobalConfig(interval, timeout, eval, Labels.fromMap(ext),
        HttpClientReader.emptyToNull(HttpClientReader.join(dir, queryLog)), sample, label, nameLen, valueLen,
        target, body);
  }

  private static AlertingConfig alerting(YamlMap a, Path dir) throws ConfigException {
    List<RelabelConfig> relabel = RelabelConfigReader.readList(a, "alert_relabel_configs",
        "empty or null alert relabeling rule");
    List<AlertmanagerConfig> ams = new ArrayList<>();
    List<Node> nodes = a.seq("alertmanagers");
    for (int i = 0; i < nodes.size(); i++) {
      YamlMap m = YamlMap.of(nodes.get(i), a.file, a.childPath("alertmanagers") + "[" + i + "]",
          "config.AlertmanagerConfig", ALERTMANAGER_KEYS);
      ams.add(alertmanager(m, dir));
    }
    return new AlertingConfig(relabel, ams);
  }

  private static AlertmanagerConfig alertmanager(YamlMap m, Path dir) throws ConfigException {
    String apiVersion = m.string("api_version", "v2");
    if (!apiVersion.equals("v1") && !apiVersion.equals("v2")) {
      throw m.errorAt("api_version", "expected Alertmanager api version to be one of [v1 v2] but got " + apiVersion);
    }
    if (m.has("sigv4") && !YamlMap.isNull(m.value("sigv4"))) {
      throw m.errorAt("sigv4", "sigv4 is not supported by promethium");
    }
    String pathPrefix = m.string("path_prefix", "");
    String scheme = m.string("scheme", "http");
    Duration timeout = m.duration("timeout", AlertmanagerConfig.DEFAULT_TIMEOUT);
    DiscoveryReader.rejectUnsupported(m);
    List<RelabelConfig> relabel = RelabelConfigReader.readList(m, "relabel_configs",
        "empty or null Alertmanager target relabeling rule");
    List<StaticConfig> statics = DiscoveryReader.staticConfigs(m, relabel.isEmpty());
    List<FileSdConfig> files = DiscoveryReader.fileSdConfigs(m, dir);
    List<KubernetesSdConfig> k8s = DiscoveryReader.kubernetesSdConfigs(m, dir);
    HttpClientConfig http = HttpClientReader.read(m, dir, true);
    return new AlertmanagerConfig(apiVersion, pathPrefix, scheme, timeout, http, statics, files, k8s, relabel);
  }

  private static String url(YamlMap m, String what) throws ConfigException {
    String url = m.string("url", "");
    if (url.isEmpty()) {
      throw m.error("url for " + what + " is empty");
    }
    try {
      new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      throw m.errorAt("url", "parse " + RelabelConfigReader.quote(url) + ": " + e.getReason());
    }
    return url;
  }

  private static Map<String, String> headers(YamlMap m) throws ConfigException {
    Map<String, String> headers = m.stringMap("headers");
    for (String h : headers.keySet()) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.equals("authorization")) {
        throw YamlMap.error(m.file, m.childPath("headers"), m.keyNodeIn("headers", h),
            "authorization header must be changed via the basic_auth, authorization,"
            + " oauth2, sigv4, or azuread parameter");
      }
      if (RESERVED_HEADERS.contains(lower)) {
        throw YamlMap.error(m.file, m.childPath("headers"), m.keyNodeIn("headers", h),
            h + " is a reserved header. It must not be changed");
      }
    }
    return headers;
  }

  private static RemoteWriteConfig remoteWrite(YamlMap m, Path dir) throws ConfigException {
    for (String unsupported : new String[] {"sigv4", "azuread"}) {
      if (m.has(unsupported) && !YamlMap.isNull(m.value(unsupported))) {
        throw m.errorAt(unsupported, unsupported + " is not supported by promethium");
      }
    }
    String url = url(m, "remote_write");
    Duration timeout = m.duration("remote_timeout", RemoteWriteConfig.DEFAULT_REMOTE_TIMEOUT);
    List<RelabelConfig> relabel = RelabelConfigReader.readList(m, "write_relabel_configs",
        "empty or null relabeling rule in remote write config");
    Map<String, String> headers = headers(m);
    RemoteWriteConfig.QueueConfig queue = RemoteWriteConfig.QueueConfig.DEFAULT;
    if (!YamlMap.isNull(m.value("queue_config"))) {
      YamlMap q = YamlMap.of(m.value("queue_config"), m.file, m.childPath("queue_config"), "config.QueueConfig",
          QUEUE_KEYS);
      RemoteWriteConfig.QueueConfig d = queue;
      queue = new RemoteWriteConfig.QueueConfig(
          (int) q.integer("capacity", d.capacity()), (int) q.integer("max_shards", d.maxShards()),
          (int) q.integer("min_shards", d.minShards()),
          (int) q.integer("max_samples_per_send", d.maxSamplesPerSend()),
          q.duration("batch_send_deadline", d.batchSendDeadline()), q.duration("min_backoff", d.minBackoff()),
          q.duration("max_backoff", d.maxBackoff()), q.bool("retry_on_http_429", d.retryOnHttp429()));
    }
    RemoteWriteConfig.MetadataConfig meta = RemoteWriteConfig.MetadataConfig.DEFAULT;
    if (!YamlMap.isNull(m.value("metadata_config"))) {
      YamlMap q = YamlMap.of(m.value("metadata_config"), m.file, m.childPath("metadata_config"),
          "config.MetadataConfig", METADATA_KEYS);
      meta = new RemoteWriteConfig.MetadataConfig(q.bool("send", meta.send()),
          q.duration("send_interval", meta.sendInterval()),
          (int) q.integer("max_samples_per_send", meta.maxSamplesPerSend()));
    }
    HttpClientConfig http = HttpClientReader.read(m, dir, false);
    return new RemoteWriteConfig(url, timeout, headers, relabel, m.string("name", ""),
        m.bool("send_exemplars", false), m.bool("send_native_histograms", false), http, queue, meta);
  }

  private static RemoteReadConfig remoteRead(YamlMap m, Path dir) throws ConfigException {
    String url = url(m, "remote_read");
    Duration timeout = m.duration("remote_timeout", RemoteReadConfig.DEFAULT_REMOTE_TIMEOUT);
    Map<String, String> headers = headers(m);
    Map<String, String> required = m.stringMap("required_matchers");
    for (String name : required.keySet()) {
      if (!LabelName.isValid(name)) {
        throw m.errorAt("required_matchers", RelabelConfigReader.quote(name) + " is not a valid label name");
      }
    }
    HttpClientConfig http = HttpClientReader.read(m, dir, true);
    return new RemoteReadConfig(url, timeout, headers, required, m.string("name", ""),
        m.bool("read_recent", false), m.bool("filter_external_labels", true), http);
  }
}
