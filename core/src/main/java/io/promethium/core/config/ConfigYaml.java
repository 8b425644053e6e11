package io.promethium.core.config;

import io.promethium.core.labels.Labels;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Renders a {@link PrometheusConfig} as Prometheus's {@code /api/v1/status/config} shows it (Go's
 * {@code yaml.Marshal} of the loaded config): every default filled in, fields in Prometheus 2.48's struct
 * order, {@code omitempty} fields left out when empty, secrets as {@code <secret>}, relabel {@code
 * source_labels} in flow style, strings Go would read as another type double-quoted. Stateless and
 * thread-safe.
 */
public final class ConfigYaml {
  private static final String SECRET = "<secret>";

  private ConfigYaml() {}

  /** The YAML text. */
  public static String marshal(PrometheusConfig c) {
    Obj root = new Obj();
    root.put("global", global(c.global()));
    AlertingConfig a = c.alerting();
    if (!a.alertRelabelConfigs().isEmpty() || !a.alertmanagers().isEmpty()) {
      Obj al = new Obj();
      al.putIfNotEmpty("alert_relabel_configs", relabels(a.alertRelabelConfigs()));
      List<Node> ams = new ArrayList<>();
      for (AlertmanagerConfig am : a.alertmanagers()) {
        ams.add(alertmanager(am));
      }
      al.putIfNotEmpty("alertmanagers", seq(ams));
      root.put("alerting", al.node());
    }
    root.putIfNotEmpty("rule_files", strings(c.ruleFiles()));
    List<Node> scrapes = new ArrayList<>();
    for (ScrapeConfig sc : c.scrapeConfigs()) {
      scrapes.add(scrape(sc));
    }
    root.putIfNotEmpty("scrape_configs", seq(scrapes));
    List<Node> rw = new ArrayList<>();
    for (RemoteWriteConfig w : c.remoteWrite()) {
      rw.add(remoteWrite(w));
    }
    root.putIfNotEmpty("remote_write", seq(rw));
    List<Node> rr = new ArrayList<>();
    for (RemoteReadConfig r : c.remoteRead()) {
      rr.add(remoteRead(r));
    }
    root.putIfNotEmpty("remote_read", seq(rr));

    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setIndent(2);
    o.setIndicatorIndent(0);
    o.setWidth(Integer.MAX_VALUE);
    o.setSplitLines(false);
    StringWriter w = new StringWriter();
    new Yaml(o).serialize(root.node(), w);
    return w.toString();
  }

  private static Node global(GlobalConfig g) {
    Obj o = new Obj();
    o.put("scrape_interval", duration(g.scrapeInterval()));
    o.put("scrape_timeout", duration(g.scrapeTimeout()));
    o.put("evaluation_interval", duration(g.evaluationInterval()));
    if (g.queryLogFile() != null) {
      o.put("query_log_file", str(g.queryLogFile()));
    }
    o.putIfNotEmpty("external_labels", labels(g.externalLabels()));
    limits(o, g.bodySizeLimitBytes(), g.sampleLimit(), g.targetLimit(), g.labelLimit(), g.labelNameLengthLimit(),
        g.labelValueLengthLimit());
    return o.node();
  }

  private static void limits(Obj o, long body, long sample, long target, long label, long nameLen, long valueLen) {
    if (body != 0) {
      o.put("body_size_limit", str(ByteSize.format(body)));
    }
    putUint(o, "sample_limit", sample);
    putUint(o, "target_limit", target);
    putUint(o, "label_limit", label);
    putUint(o, "label_name_length_limit", nameLen);
    putUint(o, "label_value_length_limit", valueLen);
  }

  private static void putUint(Obj o, String key, long v) {
    if (v != 0) {
      o.put(key, num(Long.toUnsignedString(v)));
    }
  }

  private static Node scrape(ScrapeConfig sc) {
    Obj o = new Obj();
    o.put("job_name", str(sc.jobName()));
    if (sc.honorLabels()) {
      o.put("honor_labels", bool(true));
    }
    o.put("honor_timestamps", bool(sc.honorTimestamps()));
    o.put("track_timestamps_staleness", bool(false));
    if (!sc.params().isEmpty()) {
      Obj p = new Obj();
      new TreeMap<>(sc.params()).forEach((k, v) -> p.put(k, strings(v)));
      o.put("params", p.node());
    }
    o.put("scrape_interval", duration(sc.scrapeInterval()));
    o.put("scrape_timeout", duration(sc.scrapeTimeout()));
    o.putIfNotBlank("metrics_path", sc.metricsPath());
    o.putIfNotBlank("scheme", sc.scheme());
    limits(o, sc.bodySizeLimitBytes(), sc.sampleLimit(), sc.targetLimit(), sc.labelLimit(),
        sc.labelNameLengthLimit(), sc.labelValueLengthLimit());
    http(o, sc.httpClient());
    o.putIfNotEmpty("relabel_configs", relabels(sc.relabelConfigs()));
    o.putIfNotEmpty("metric_relabel_configs", relabels(sc.metricRelabelConfigs()));
    discovery(o, sc.fileSdConfigs(), sc.kubernetesSdConfigs(), sc.staticConfigs());
    return o.node();
  }

  /** SD configs come last, sorted by key, as Prometheus's inline-config marshalling does. */
  private static void discovery(Obj o, List<FileSdConfig> files, List<KubernetesSdConfig> k8s,
      List<StaticConfig> statics) {
    List<Node> f = new ArrayList<>();
    for (FileSdConfig c : files) {
      Obj x = new Obj();
      x.put("files", strings(c.files()));
      x.put("refresh_interval", duration(c.refreshInterval()));
      f.add(x.node());
    }
    o.putIfNotEmpty("file_sd_configs", seq(f));
    List<Node> k = new ArrayList<>();
    for (KubernetesSdConfig c : k8s) {
      k.add(kubernetes(c));
    }
    o.putIfNotEmpty("kubernetes_sd_configs", seq(k));
    List<Node> s = new ArrayList<>();
    for (StaticConfig c : statics) {
      Obj x = new Obj();
      x.put("targets", strings(c.targets()));
      x.putIfNotEmpty("labels", labels(c.labels()));
      s.add(x.node());
    }
    o.putIfNotEmpty("static_configs", seq(s));
  }

  private static Node kubernetes(KubernetesSdConfig c) {
    Obj o = new Obj();
    o.putIfNotBlank("api_server", c.apiServer());
    o.put("role", str(c.role()));
    o.put("kubeconfig_file", str(""));
    http(o, c.httpClient());
    if (c.ownNamespace() || !c.namespaces().isEmpty()) {
      Obj ns = new Obj();
      ns.put("own_namespace", bool(c.ownNamespace()));
      ns.put("names", strings(c.namespaces()));
      o.put("namespaces", ns.node());
    }
    List<Node> sel = new ArrayList<>();
    for (KubernetesSdConfig.Selector s : c.selectors()) {
      Obj x = new Obj();
      x.put("role", str(s.role()));
      x.putIfNotBlank("label", s.label());
      x.putIfNotBlank("field", s.field());
      sel.add(x.node());
    }
    o.putIfNotEmpty("selectors", seq(sel));
    if (c.attachMetadataNode()) {
      Obj am = new Obj();
      am.put("node", bool(true));
      o.put("attach_metadata", am.node());
    }
    return o.node();
  }

  private static void http(Obj o, HttpClientConfig h) {
    if (h.basicAuth() != null) {
      BasicAuth b = h.basicAuth();
      Obj x = new Obj();
      x.put("username", str(b.username()));
      if (b.password() != null) {
        x.put("password", str(SECRET));
      }
      x.putIfNotBlank("password_file", b.passwordFile());
      o.put("basic_auth", x.node());
    }
    if (h.authorization() != null) {
      Authorization a = h.authorization();
      Obj x = new Obj();
      x.put("type", str(a.type()));
      if (a.credentials() != null) {
        x.put("credentials", str(SECRET));
      }
      x.putIfNotBlank("credentials_file", a.credentialsFile());
      o.put("authorization", x.node());
    }
    TlsConfig t = h.tlsConfig();
    if (!t.equals(TlsConfig.DEFAULT)) {
      Obj x = new Obj();
      x.putIfNotBlank("ca_file", t.caFile());
      x.putIfNotBlank("cert_file", t.certFile());
      x.putIfNotBlank("key_file", t.keyFile());
      x.putIfNotBlank("server_name", t.serverName());
      x.put("insecure_skip_verify", bool(t.insecureSkipVerify()));
      x.putIfNotBlank("min_version", t.minVersion());
      o.put("tls_config", x.node());
    }
    o.put("follow_redirects", bool(h.followRedirects()));
    o.put("enable_http2", bool(h.enableHttp2()));
    o.putIfNotBlank("proxy_url", h.proxyUrl());
  }

  private static Node alertmanager(AlertmanagerConfig am) {
    Obj o = new Obj();
    http(o, am.httpClient());
    o.put("scheme", str(am.scheme()));
    o.putIfNotBlank("path_prefix", am.pathPrefix());
    o.put("timeout", duration(am.timeout()));
    o.put("api_version", str(am.apiVersion()));
    o.putIfNotEmpty("relabel_configs", relabels(am.relabelConfigs()));
    discovery(o, am.fileSdConfigs(), am.kubernetesSdConfigs(), am.staticConfigs());
    return o.node();
  }

  private static Node remoteWrite(RemoteWriteConfig w) {
    Obj o = new Obj();
    o.put("url", str(w.url()));
    o.put("remote_timeout", duration(w.remoteTimeout()));
    o.putIfNotEmpty("headers", stringMap(w.headers()));
    o.putIfNotEmpty("write_relabel_configs", relabels(w.writeRelabelConfigs()));
    o.putIfNotBlank("name", w.name());
    if (w.sendExemplars()) {
      o.put("send_exemplars", bool(true));
    }
    if (w.sendNativeHistograms()) {
      o.put("send_native_histograms", bool(true));
    }
    http(o, w.httpClient());
    RemoteWriteConfig.QueueConfig q = w.queueConfig();
    Obj qo = new Obj();
    qo.put("capacity", num(Integer.toString(q.capacity())));
    qo.put("max_shards", num(Integer.toString(q.maxShards())));
    qo.put("min_shards", num(Integer.toString(q.minShards())));
    qo.put("max_samples_per_send", num(Integer.toString(q.maxSamplesPerSend())));
    qo.put("batch_send_deadline", duration(q.batchSendDeadline()));
    qo.put("min_backoff", duration(q.minBackoff()));
    qo.put("max_backoff", duration(q.maxBackoff()));
    if (q.retryOnHttp429()) {
      qo.put("retry_on_http_429", bool(true));
    }
    o.put("queue_config", qo.node());
    RemoteWriteConfig.MetadataConfig m = w.metadataConfig();
    Obj mo = new Obj();
    mo.put("send", bool(m.send()));
    mo.put("send_interval", duration(m.sendInterval()));
    mo.put("max_samples_per_send", num(Integer.toString(m.maxSamplesPerSend())));
    o.put("metadata_config", mo.node());
    return o.node();
  }

  private static Node remoteRead(RemoteReadConfig r) {
    Obj o = new Obj();
    o.put("url", str(r.url()));
    o.put("remote_timeout", duration(r.remoteTimeout()));
    o.putIfNotEmpty("headers", stringMap(r.headers()));
    if (r.readRecent()) {
      o.put("read_recent", bool(true));
    }
    o.putIfNotBlank("name", r.name());
    http(o, r.httpClient());
    o.putIfNotEmpty("required_matchers", stringMap(r.requiredMatchers()));
    if (r.filterExternalLabels()) {
      o.put("filter_external_labels", bool(true));
    }
    return o.node();
  }

  private static SequenceNode relabels(List<RelabelConfig> rules) {
    List<Node> out = new ArrayList<>();
    for (RelabelConfig r : rules) {
      Obj o = new Obj();
      if (!r.sourceLabels().isEmpty()) {
        SequenceNode src = strings(r.sourceLabels());
        src.setFlowStyle(DumperOptions.FlowStyle.FLOW);
        o.put("source_labels", src);
      }
      o.putIfNotBlank("separator", r.separator());
      o.putIfNotBlank("regex", r.regex());
      if (r.modulus() != 0) {
        o.put("modulus", num(Long.toUnsignedString(r.modulus())));
      }
      o.putIfNotBlank("target_label", r.targetLabel());
      o.putIfNotBlank("replacement", r.replacement());
      o.put("action", str(r.action().configName()));
      out.add(o.node());
    }
    return seq(out);
  }

  private static MappingNode labels(Labels l) {
    Obj o = new Obj();
    l.forEach((k, v) -> o.put(k, str(v)));
    return o.node();
  }

  private static MappingNode stringMap(Map<String, String> m) {
    Obj o = new Obj();
    new TreeMap<>(m).forEach((k, v) -> o.put(k, str(v)));
    return o.node();
  }

  private static SequenceNode strings(List<String> items) {
    List<Node> out = new ArrayList<>(items.size());
    for (String s : items) {
      out.add(str(s));
    }
    return seq(out);
  }

  private static SequenceNode seq(List<Node> items) {
    return new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.BLOCK);
  }

  private static ScalarNode duration(Duration d) {
    return str(PrometheusDuration.format(d));
  }

  private static ScalarNode bool(boolean b) {
    return new ScalarNode(Tag.BOOL, Boolean.toString(b), null, null, DumperOptions.ScalarStyle.PLAIN);
  }

  private static ScalarNode num(String digits) {
    return new ScalarNode(Tag.INT, digits, null, null, DumperOptions.ScalarStyle.PLAIN);
  }

  /** A string; double-quoted when Go's YAML would read the plain text as another type, as Go writes it. */
  private static ScalarNode str(String s) {
    boolean other = YamlMap.resolvesAsNonString(s);
    return new ScalarNode(Tag.STR, s, null, null,
        other ? DumperOptions.ScalarStyle.DOUBLE_QUOTED : DumperOptions.ScalarStyle.PLAIN);
  }

  /** An ordered mapping under construction. */
  private static final class Obj {
    private final List<NodeTuple> tuples = new ArrayList<>();

    void put(String key, Node value) {
      tuples.add(new NodeTuple(str(key), value));
    }

    void putIfNotBlank(String key, String value) {
      if (value != null && !value.isEmpty()) {
        put(key, str(value));
      }
    }

    void putIfNotEmpty(String key, Node value) {
      boolean empty = value instanceof SequenceNode s ? s.getValue().isEmpty()
          : value instanceof MappingNode m && m.getValue().isEmpty();
      if (!empty) {
        put(key, value);
      }
    }

    MappingNode node() {
      return new MappingNode(Tag.MAP, tuples, DumperOptions.FlowStyle.BLOCK);
    }
  }
}
