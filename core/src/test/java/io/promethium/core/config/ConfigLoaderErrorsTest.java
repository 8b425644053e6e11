package io.promethium.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad config is rejected with Prometheus's message, at the line of the offending node. */
class ConfigLoaderErrorsTest {

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        bad("unknown field in a job", 3,
            "field scrape_intervall not found in type config.ScrapeConfig",
            "scrape_configs:\n  - job_name: a\n    scrape_intervall: 5s\n"),
        bad("unknown top-level field", 2, "field scrape_config not found in type config.plain",
            "global: {}\nscrape_config: []\n"),
        bad("unknown global field", 2, "field scrape_intervall not found in type config.plain",
            "global:\n  scrape_intervall: 1m\n"),
        bad("invalid duration", 2, "not a valid duration string: \"1x\"",
            "global:\n  scrape_interval: 1x\n"),
        bad("fractional duration", 4, "not a valid duration string: \"1.5m\"",
            "scrape_configs:\n  - job_name: a\n    static_configs: []\n    scrape_interval: 1.5m\n"),
        bad("empty duration", 2, "empty duration string", "global:\n  scrape_interval: ''\n"),
        bad("duplicate job names", 4, "found multiple scrape configs with job name \"a\"",
            "scrape_configs:\n  - job_name: a\n  - job_name: b\n  - job_name: a\n"),
        bad("job timeout greater than interval", 4,
            "scrape timeout greater than scrape interval for scrape config with job name \"a\"",
            "scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 10s\n"),
        bad("global timeout greater than interval", 3, "global scrape timeout greater than scrape interval",
            "global:\n  scrape_interval: 5s\n  scrape_timeout: 6s\n"),
        bad("hashmod without modulus", 4, "relabel configuration for hashmod requires non-zero modulus",
            "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: hashmod\n"
                + "        source_labels: [x]\n        target_label: y\n"),
        bad("replace without target", 4, "relabel configuration for replace action requires 'target_label' value",
            "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [x]\n"),
        bad("invalid replace target", 5, "\"1abc\" is invalid 'target_label' for replace action",
            "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [x]\n"
                + "        target_label: 1abc\n"),
        bad("invalid labelmap replacement", 6, "\"foo-bar\" is invalid 'replacement' for labelmap action",
            "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: labelmap\n"
                + "        regex: x_(.+)\n        replacement: foo-bar\n"),
        bad("labeldrop with source labels", 4, "labeldrop action requires only 'regex', and no other fields",
            "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: labeldrop\n"
                + "        source_labels: [x]\n        regex: y\n"),
        bad("keepequal with regex", 4,
            "keepequal action requires only 'source_labels' and `target_label`, and no other fields",
            "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: keepequal\n"
                + "        source_labels: [x]\n        target_label: y\n        regex: z\n"),
        bad("lowercase with replacement", 7, "'replacement' can not be set for lowercase action",
            "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: lowercase\n"
                + "        source_labels: [x]\n        target_label: y\n        replacement: z\n"),
        bad("unknown relabel action", 4, "unknown relabel action \"foo\"",
            "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: foo\n"),
        bad("invalid regex", 4, "error parsing regexp",
            "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - regex: '(abc'\n"
                + "        target_label: x\n"),
        bad("look-ahead is not RE2", 4, "invalid or unsupported Perl syntax",
            "scrape_configs:\n  - job_name: a\n    metric_relabel_configs:\n      - regex: '(?=a)b'\n"
                + "        action: drop\n        source_labels: [x]\n"),
        bad("invalid source label name", 4, "\"a-b\" is not a valid label name",
            "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [a-b]\n"
                + "        target_label: x\n"),
        bad("invalid external label name", 3, "\"not-valid\" is not a valid label name",
            "global:\n  external_labels:\n    not-valid: x\n"),
        bad("invalid static label name", 6, "\"0abc\" is not a valid label name",
            "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [localhost:9090]\n"
                + "        labels:\n          0abc: x\n"),
        bad("basic auth and bearer token", 3,
            "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured",
            "scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n    bearer_token: t\n"),
        bad("bearer token and file", 3, "at most one of bearer_token & bearer_token_file must be configured",
            "scrape_configs:\n  - job_name: a\n    bearer_token: t\n    bearer_token_file: f\n"),
        bad("authorization and basic auth", 5, "at most one of basic_auth, oauth2 & authorization must be configured",
            "scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n    authorization:\n"
                + "      credentials: c\n"),
        bad("authorization type basic", 3,
            "authorization type cannot be set to \"basic\", use \"basic_auth\" instead",
            "scrape_configs:\n  - job_name: a\n    authorization:\n      type: Basic\n      credentials: c\n"),
        bad("password and password file", 6, "at most one of basic_auth password & password_file must be configured",
            "scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n      password: p\n"
                + "      password_file: f\n"),
        bad("file sd extension", 4, "path name \"targets.txt\" is not valid for file discovery",
            "scrape_configs:\n  - job_name: a\n    file_sd_configs:\n      - files: [targets.txt]\n"),
        bad("file sd without files", 4, "file service discovery config must contain at least one path name",
            "scrape_configs:\n  - job_name: a\n    file_sd_configs:\n      - refresh_interval: 1m\n"),
        bad("rule file glob in a directory", 1, "invalid rule file path \"rules/*/x.yml\"",
            "rule_files: ['rules/*/x.yml']\n"),
        bad("unknown kubernetes role", 4, "unknown Kubernetes SD role \"pods\"",
            "scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs:\n      - role: pods\n"),
        bad("kubernetes role missing", 4, "role missing (one of: pod, service, endpoints, endpointslice, node,"
                + " ingress)",
            "scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs:\n      - namespaces:\n"
                + "          names: [x]\n"),
        bad("kubernetes selector role", 6, "pod role supports only pod selectors",
            "scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs:\n      - role: pod\n"
                + "        selectors:\n          - role: node\n            label: a=b\n"),
        bad("kubernetes http config without api server", 4,
            "to use custom HTTP client configuration please provide the 'api_server' URL explicitly",
            "scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs:\n      - role: node\n"
                + "        bearer_token_file: /t\n"),
        bad("string into uint", 3, "cannot unmarshal !!str `abc` into uint",
            "scrape_configs:\n  - job_name: a\n    sample_limit: abc\n"),
        bad("negative uint", 3, "cannot unmarshal !!int `-1` into uint",
            "scrape_configs:\n  - job_name: a\n    sample_limit: -1\n"),
        bad("quoted bool", 3, "cannot unmarshal !!str `true` into bool",
            "scrape_configs:\n  - job_name: a\n    honor_labels: \"true\"\n"),
        bad("missing job name", 2, "job_name is empty", "scrape_configs:\n  - scrape_interval: 5s\n"),
        bad("url as static target", 4, "\"http://localhost:9090/metrics\" is not a valid hostname",
            "scrape_configs:\n  - job_name: a\n    static_configs:\n"
                + "      - targets: ['http://localhost:9090/metrics']\n"),
        bad("duplicate key", 3, "field job_name already set in type config.ScrapeConfig",
            "scrape_configs:\n  - job_name: a\n    job_name: b\n"),
        bad("yaml syntax", 3, "yaml:", "scrape_configs:\n  - job_name: a\n   bad: [\n"),
        bad("remote write without url", 2, "url for remote_write is empty",
            "remote_write:\n  - name: x\n"),
        bad("reserved remote write header", 4, "Content-Type is a reserved header. It must not be changed",
            "remote_write:\n  - url: http://x/api\n    headers:\n      Content-Type: a\n"),
        bad("bad tls version", 4, "unknown TLS version: TLS14",
            "scrape_configs:\n  - job_name: a\n    tls_config:\n      min_version: TLS14\n"),
        bad("null scrape config", 2, "empty or null scrape config section", "scrape_configs:\n  - \n"),
        bad("alertmanager api v3", 4, "expected Alertmanager api version to be one of [v1 v2] but got v3",
            "alerting:\n  alertmanagers:\n    - static_configs: []\n      api_version: v3\n"),
        bad("duplicate external label", 4, "key \"a\" already set in map",
            "global:\n  external_labels:\n    a: '1'\n    a: '2'\n"),
        bad("unknown relabel field", 4, "field foo not found in type relabel.plain",
            "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - foo: 1\n"),
        bad("unknown static config field", 4, "field foo not found in type struct { Targets []string",
            "scrape_configs:\n  - job_name: a\n    static_configs:\n      - foo: 1\n"),
        bad("unknown queue config field", 4, "field foo not found in type config.QueueConfig",
            "remote_write:\n  - url: http://x\n    queue_config:\n      foo: 1\n"),
        bad("list into a string", 3, "cannot unmarshal !!seq into string",
            "scrape_configs:\n  - job_name: a\n    metrics_path: [a]\n"),
        bad("client cert without key", 4,
            "exactly one of key or key_file must be configured when a client certificate is configured",
            "scrape_configs:\n  - job_name: a\n    tls_config:\n      cert_file: c.pem\n"),
        bad("unsupported sd", 3, "consul_sd_configs is not supported by promethium",
            "scrape_configs:\n  - job_name: a\n    consul_sd_configs:\n      - server: x\n"),
        bad("scrape configs not a list", 1, "cannot unmarshal !!str `abc`", "scrape_configs: abc\n"),
        bad("bad body size", 3, "units: unknown unit XB in 10XB",
            "scrape_configs:\n  - job_name: a\n    body_size_limit: 10XB\n"),
        bad("top level not a map", 1, "cannot unmarshal !!str `hello` into config.plain", "hello\n"),
        bad("null relabel rule", 4, "empty or null target relabeling rule in scrape config",
            "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - \n      - action: keep\n"));
  }

  private static Arguments bad(String name, int line, String message, String yaml) {
    return Arguments.of(name, line, message, yaml);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void rejectsWithMessageAndLine(String name, int line, String message, String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "prometheus.yml"));
    assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
    assertTrue(e.getMessage().startsWith("prometheus.yml:" + line + ":"), () -> "message was: " + e.getMessage());
    assertEquals(line, e.line());
  }
}
