package io.promethium.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void emptyFileGivesPrometheusDefaults() throws Exception {
    PrometheusConfig c = ConfigLoader.parse("", "p.yml");
    assertEquals(GlobalConfig.DEFAULT, c.global());
    assertEquals(Duration.ofMinutes(1), c.global().scrapeInterval());
    assertEquals(Duration.ofSeconds(10), c.global().scrapeTimeout());
    assertEquals(Duration.ofMinutes(1), c.global().evaluationInterval());
    assertTrue(c.scrapeConfigs().isEmpty());
    assertEquals(AlertingConfig.EMPTY, c.alerting());
  }

  @Test
  void emptyGlobalBlockKeepsDefaults() throws Exception {
    assertEquals(GlobalConfig.DEFAULT, ConfigLoader.parse("global:\n", "p.yml").global());
    assertEquals(GlobalConfig.DEFAULT, ConfigLoader.parse("global: {}\n", "p.yml").global());
  }

  @Test
  void jobDefaults() throws Exception {
    PrometheusConfig c = ConfigLoader.parse("""
        scrape_configs:
          - job_name: prometheus
            static_configs:
              - targets: ['localhost:9090']
        """, "p.yml");
    ScrapeConfig sc = c.scrapeConfigs().get(0);
    assertEquals("prometheus", sc.jobName());
    assertEquals(Duration.ofMinutes(1), sc.scrapeInterval());
    assertEquals(Duration.ofSeconds(10), sc.scrapeTimeout());
    assertEquals("/metrics", sc.metricsPath());
    assertEquals("http", sc.scheme());
    assertFalse(sc.honorLabels());
    assertTrue(sc.honorTimestamps());
    assertEquals(0, sc.sampleLimit());
    assertEquals(0, sc.bodySizeLimitBytes());
    assertEquals(HttpClientConfig.DEFAULT, sc.httpClient());
    assertTrue(sc.httpClient().followRedirects());
    assertTrue(sc.httpClient().enableHttp2());
    assertEquals(List.of(new StaticConfig(List.of("localhost:9090"), Labels.EMPTY)), sc.staticConfigs());
    assertTrue(sc.relabelConfigs().isEmpty());
    assertEquals(sc, c.scrapeConfig("prometheus"));
  }

  @Test
  void jobTimeoutIsMinOfGlobalTimeoutAndJobInterval() throws Exception {
    PrometheusConfig c = ConfigLoader.parse("""
        global:
          scrape_interval: 15s
          scrape_timeout: 12s
        scrape_configs:
          - job_name: fast
            scrape_interval: 5s
          - job_name: slow
            scrape_interval: 1m
          - job_name: inherit
        """, "p.yml");
    assertEquals(Duration.ofSeconds(5), c.scrapeConfig("fast").scrapeTimeout());
    assertEquals(Duration.ofSeconds(12), c.scrapeConfig("slow").scrapeTimeout());
    assertEquals(Duration.ofSeconds(15), c.scrapeConfig("inherit").scrapeInterval());
    assertEquals(Duration.ofSeconds(12), c.scrapeConfig("inherit").scrapeTimeout());
  }

  @Test
  void globalTimeoutDefaultsToIntervalWhenShorter() throws Exception {
    GlobalConfig g = ConfigLoader.parse("global:\n  scrape_interval: 5s\n", "p.yml").global();
    assertEquals(Duration.ofSeconds(5), g.scrapeTimeout());
  }

  @Test
  void limitsInheritFromGlobal() throws Exception {
    PrometheusConfig c = ConfigLoader.parse("""
        global:
          sample_limit: 100
          body_size_limit: 10MB
          label_limit: 30
        scrape_configs:
          - job_name: a
          - job_name: b
            sample_limit: 5
            body_size_limit: 1KiB
        """, "p.yml");
    assertEquals(100, c.scrapeConfig("a").sampleLimit());
    assertEquals(10L << 20, c.scrapeConfig("a").bodySizeLimitBytes());
    assertEquals(30, c.scrapeConfig("a").labelLimit());
    assertEquals(5, c.scrapeConfig("b").sampleLimit());
    assertEquals(1024, c.scrapeConfig("b").bodySizeLimitBytes());
  }

  @Test
  void relabelDefaultsAndYaml11Booleans() throws Exception {
    PrometheusConfig c = ConfigLoader.parse("""
        scrape_configs:
          - job_name: a
            honor_labels: yes
            honor_timestamps: off
            params:
              module: [http_2xx]
            relabel_configs:
              - source_labels: [__address__]
                target_label: instance
              - action: Labelmap
                regex: __meta_(.+)
              - action: hashmod
                source_labels: [__address__]
                modulus: 4
                target_label: __tmp_hash
        """, "p.yml");
    ScrapeConfig sc = c.scrapeConfig("a");
    assertTrue(sc.honorLabels());
    assertFalse(sc.honorTimestamps());
    assertEquals(Map.of("module", List.of("http_2xx")), sc.params());
    RelabelConfig r = sc.relabelConfigs().get(0);
    assertEquals(new RelabelConfig(List.of("__address__"), ";", "(.*)", 0, "instance", "$1", RelabelAction.REPLACE), r);
    assertEquals(RelabelAction.LABELMAP, sc.relabelConfigs().get(1).action());
    assertEquals(4, sc.relabelConfigs().get(2).modulus());
  }

  @Test
  void bearerTokenBecomesAuthorization() throws Exception {
    PrometheusConfig c = ConfigLoader.parse("""
        scrape_configs:
          - job_name: a
            scheme: https
            bearer_token_file: /var/run/secrets/token
            tls_config:
              ca_file: /ca.crt
              insecure_skip_verify: true
        """, "p.yml");
    HttpClientConfig h = c.scrapeConfig("a").httpClient();
    assertEquals(new Authorization("Bearer", null, "/var/run/secrets/token"), h.authorization());
    assertNull(h.basicAuth());
    assertEquals("/ca.crt", h.tlsConfig().caFile());
    assertTrue(h.tlsConfig().insecureSkipVerify());
  }

  @Test
  void kubernetesAndFileSd(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, """
        rule_files: ['rules/*.yml']
        scrape_configs:
          - job_name: k
            kubernetes_sd_configs:
              - role: pod
                namespaces:
                  names: [jewelry-shop]
                selectors:
                  - role: pod
                    label: app=django
                attach_metadata:
                  node: true
          - job_name: f
            file_sd_configs:
              - files: ['targets/*.json']
                refresh_interval: 30s
        """);
    PrometheusConfig c = ConfigLoader.load(file);
    KubernetesSdConfig k = c.scrapeConfig("k").kubernetesSdConfigs().get(0);
    assertEquals("pod", k.role());
    assertEquals(List.of("jewelry-shop"), k.namespaces());
    assertEquals(List.of(new KubernetesSdConfig.Selector("pod", "app=django", null)), k.selectors());
    assertTrue(k.attachMetadataNode());
    assertNull(k.apiServer());
    FileSdConfig f = c.scrapeConfig("f").fileSdConfigs().get(0);
    assertEquals(List.of(dir.toAbsolutePath().resolve("targets/*.json").toString()), f.files());
    assertEquals(Duration.ofSeconds(30), f.refreshInterval());
    assertEquals(List.of(dir.toAbsolutePath().resolve("rules/*.yml").toString()), c.ruleFiles());
    assertTrue(c.originalYaml().contains("jewelry-shop"));
  }

  @Test
  void alertingAndRemote() throws Exception {
    PrometheusConfig c = ConfigLoader.parse("""
        global:
          external_labels:
            cluster: prod
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ['am:9093']
        remote_write:
          - url: http://remote/api/v1/write
            name: rw
            queue_config:
              max_shards: 10
        remote_read:
          - url: http://remote/api/v1/read
            read_recent: true
        """, "p.yml");
    assertEquals(Labels.of("cluster", "prod"), c.global().externalLabels());
    AlertmanagerConfig am = c.alerting().alertmanagers().get(0);
    assertEquals("v2", am.apiVersion());
    assertEquals(Duration.ofSeconds(10), am.timeout());
    RemoteWriteConfig rw = c.remoteWrite().get(0);
    assertEquals(10, rw.queueConfig().maxShards());
    assertEquals(2000, rw.queueConfig().maxSamplesPerSend());
    assertEquals(Duration.ofSeconds(30), rw.remoteTimeout());
    assertFalse(rw.httpClient().enableHttp2());
    RemoteReadConfig rr = c.remoteRead().get(0);
    assertTrue(rr.readRecent());
    assertTrue(rr.filterExternalLabels());
    assertEquals(Duration.ofMinutes(1), rr.remoteTimeout());
  }

  @Test
  void environmentVariablesAreNotExpanded() throws Exception {
    PrometheusConfig c = ConfigLoader.parse("global:\n  external_labels:\n    env: ${HOME}\n", "p.yml");
    assertEquals("${HOME}", c.global().externalLabels().get("env"));
  }

  @Test
  void missingFileSaysSo() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Path.of("/nonexistent/p.yml")));
    assertTrue(e.getMessage().contains("no such file or directory"), e.getMessage());
  }

  @Test
  void anchorsAndMergeKeys() throws Exception {
    PrometheusConfig c = ConfigLoader.parse("""
        scrape_configs:
          - &base
            job_name: a
            scrape_interval: 7s
          - <<: *base
            job_name: b
        """, "p.yml");
    assertNotNull(c.scrapeConfig("b"));
    assertEquals(Duration.ofSeconds(7), c.scrapeConfig("b").scrapeInterval());
  }

  @Test
  void externalLabelExpansionUnderTheFeatureFlag() throws Exception {
    PrometheusConfig c = ConfigLoader.parse(
        "global:\n  external_labels:\n    a: ${POD}-$NODE\n    b: $$x\n    c: ${MISSING}z\n", "p.yml");
    Map<String, String> env = Map.of("POD", "p-0", "NODE", "n1");
    PrometheusConfig e = ConfigLoader.expandExternalLabels(c, env::get);
    assertEquals(Labels.of("a", "p-0-n1", "b", "$x", "c", "z"), e.global().externalLabels());
    assertEquals(c.scrapeConfigs(), e.scrapeConfigs());
  }

  @Test
  void scrapeConfigFilesAreMerged(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(dir.resolve("jobs/a.yml"), "scrape_configs:\n  - job_name: from-a\n    scrape_interval: 5s\n");
    Files.writeString(dir.resolve("jobs/b.yml"), "scrape_configs:\n  - job_name: from-b\n");
    Path main = dir.resolve("prometheus.yml");
    Files.writeString(main, "global:\n  scrape_interval: 20s\nscrape_config_files: ['jobs/*.yml']\n"
        + "scrape_configs:\n  - job_name: main\n");
    PrometheusConfig c = ConfigLoader.load(main);
    assertEquals(List.of("main", "from-a", "from-b"), c.scrapeConfigs().stream().map(ScrapeConfig::jobName).toList());
    assertEquals(Duration.ofSeconds(5), c.scrapeConfig("from-a").scrapeInterval());
    assertEquals(Duration.ofSeconds(20), c.scrapeConfig("from-b").scrapeInterval());

    Files.writeString(dir.resolve("jobs/b.yml"), "scrape_configs:\n  - job_name: main\n");
    ConfigException dup = assertThrows(ConfigException.class, () -> ConfigLoader.load(main));
    assertTrue(dup.getMessage().contains("found multiple scrape configs with job name \"main\", first found in"
        + " main config file"), dup.getMessage());
    Files.writeString(dir.resolve("jobs/b.yml"), "scrape_configs:\n  - job_name: x\n    scrape_intervall: 1s\n");
    ConfigException bad = assertThrows(ConfigException.class, () -> ConfigLoader.load(main));
    assertTrue(bad.getMessage().startsWith(dir.resolve("jobs/b.yml") + ":3:5: field scrape_intervall"),
        bad.getMessage());
  }
}
