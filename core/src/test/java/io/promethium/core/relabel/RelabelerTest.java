package io.promethium.core.relabel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.promethium.core.config.ConfigLoader;
import io.promethium.core.config.RelabelConfig;
import io.promethium.core.labels.Labels;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Relabeling cases after Prometheus's {@code model/relabel/relabel_test.go} and the configuration docs. Rules
 * are written as YAML so they also pass through the loader's validation.
 */
class RelabelerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        c("replace with a regex group", Labels.of("a", "foo"),
            "- source_labels: [a]\n  regex: f(.*)\n  target_label: d\n  replacement: ch${1}-ch${1}\n",
            Labels.of("a", "foo", "d", "choo-choo")),
        c("replace joins sources with the separator", Labels.of("a", "foo", "b", "bar"),
            "- source_labels: [a, b]\n  regex: (f.*);(.*r)\n  target_label: a\n  replacement: ${2}-${1}\n",
            Labels.of("a", "bar-foo", "b", "bar")),
        c("custom separator", Labels.of("a", "foo", "b", "bar"),
            "- source_labels: [a, b]\n  separator: '/'\n  target_label: c\n",
            Labels.of("a", "foo", "b", "bar", "c", "foo/bar")),
        c("no match: nothing happens", Labels.of("a", "boo"),
            "- source_labels: [a]\n  regex: f\n  target_label: b\n  replacement: bar\n", Labels.of("a", "boo")),
        c("regex is anchored", Labels.of("a", "foo"),
            "- source_labels: [a]\n  regex: o\n  target_label: b\n  replacement: bar\n", Labels.of("a", "foo")),
        c("empty result deletes the target", Labels.of("a", "foo", "b", "x"),
            "- source_labels: [missing]\n  target_label: b\n", Labels.of("a", "foo")),
        c("target label from a group", Labels.of("a", "some-name-value"),
            "- source_labels: [a]\n  regex: some-([^-]+)-([^,]+)\n  target_label: ${1}\n  replacement: ${2}\n",
            Labels.of("a", "some-name-value", "name", "value")),
        c("invalid expanded target is skipped", Labels.of("a", "some-name-0"),
            "- source_labels: [a]\n  regex: some-([^-]+)-([^,]+)\n  target_label: ${3}\n  replacement: ${1}\n",
            Labels.of("a", "some-name-0")),
        c("unknown group expands to empty", Labels.of("a", "foo"),
            "- source_labels: [a]\n  regex: (f).*\n  target_label: b\n  replacement: x$2y\n",
            Labels.of("a", "foo", "b", "x")),
        c("$1x names group 1x, which does not exist", Labels.of("a", "foo"),
            "- source_labels: [a]\n  regex: (f).*\n  target_label: b\n  replacement: $1x\n", Labels.of("a", "foo")),
        c("named groups", Labels.of("a", "foo"),
            "- source_labels: [a]\n  regex: (?P<first>f)(?P<rest>.*)\n  target_label: b\n  replacement: ${rest}$first\n",
            Labels.of("a", "foo", "b", "oof")),
        c("$$ is a literal dollar", Labels.of("a", "foo"),
            "- source_labels: [a]\n  target_label: b\n  replacement: $$1\n", Labels.of("a", "foo", "b", "$1")),
        c("keep matching", Labels.of("a", "foo"), "- source_labels: [a]\n  regex: f.*\n  action: keep\n",
            Labels.of("a", "foo")),
        c("keep drops non-matching", Labels.of("a", "foo"), "- source_labels: [a]\n  regex: b.*\n  action: keep\n",
            null),
        c("keep on missing label matches empty", Labels.of("a", "foo"),
            "- source_labels: [b]\n  regex: ''\n  action: keep\n", Labels.of("a", "foo")),
        c("drop matching", Labels.of("a", "foo"), "- source_labels: [a]\n  regex: f.*\n  action: drop\n", null),
        c("drop by default regex drops everything", Labels.of("a", "foo"), "- action: drop\n", null),
        c("keepequal keeps equal", Labels.of("a", "1", "b", "1"),
            "- source_labels: [a]\n  target_label: b\n  action: keepequal\n", Labels.of("a", "1", "b", "1")),
        c("keepequal drops unequal", Labels.of("a", "1", "b", "2"),
            "- source_labels: [a]\n  target_label: b\n  action: keepequal\n", null),
        c("dropequal drops equal", Labels.of("a", "1", "b", "1"),
            "- source_labels: [a]\n  target_label: b\n  action: dropequal\n", null),
        c("dropequal keeps unequal", Labels.of("a", "1", "b", "2"),
            "- source_labels: [a]\n  target_label: b\n  action: dropequal\n", Labels.of("a", "1", "b", "2")),
        c("hashmod as upstream", Labels.of("a", "foo", "b", "bar", "c", "baz"),
            "- source_labels: [c]\n  target_label: d\n  modulus: 1000\n  action: hashmod\n",
            Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "976")),
        c("hashmod with a newline", Labels.of("a", "foo\nbar"),
            "- source_labels: [a]\n  target_label: b\n  modulus: 1000\n  action: hashmod\n",
            Labels.of("a", "foo\nbar", "b", "734")),
        c("labelmap", Labels.of("a", "foo", "b1", "bar", "b2", "baz"),
            "- regex: (b.*)\n  replacement: bar_${1}\n  action: labelmap\n",
            Labels.of("a", "foo", "b1", "bar", "b2", "baz", "bar_b1", "bar", "bar_b2", "baz")),
        c("labelmap of meta labels", Labels.of("a", "foo", "__meta_my_bar", "aaa", "__meta_my_baz", "bbb",
                "__meta_other", "ccc"),
            "- regex: __meta_(my.*)\n  replacement: ${1}\n  action: labelmap\n",
            Labels.of("a", "foo", "__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "__meta_other", "ccc",
                "my_bar", "aaa", "my_baz", "bbb")),
        c("labeldrop", Labels.of("a", "foo", "b1", "bar", "b2", "baz"), "- regex: b.*\n  action: labeldrop\n",
            Labels.of("a", "foo")),
        c("labelkeep", Labels.of("a", "foo", "b1", "bar", "b2", "baz"), "- regex: b.*\n  action: labelkeep\n",
            Labels.of("b1", "bar", "b2", "baz")),
        c("lowercase", Labels.of("foo", "bAr123Foo"),
            "- source_labels: [foo]\n  target_label: foo_lower\n  action: lowercase\n",
            Labels.of("foo", "bAr123Foo", "foo_lower", "bar123foo")),
        c("uppercase", Labels.of("foo", "bAr123Foo"),
            "- source_labels: [foo]\n  target_label: foo_upper\n  action: uppercase\n",
            Labels.of("foo", "bAr123Foo", "foo_upper", "BAR123FOO")),
        c("rules apply in order", Labels.of("__address__", "10.0.0.1:8000", "__meta_port", "8000"),
            "- source_labels: [__meta_port]\n  regex: '8000'\n  action: keep\n"
                + "- source_labels: [__address__]\n  regex: '([^:]+):.*'\n  target_label: host\n"
                + "- source_labels: [host]\n  target_label: __address__\n  replacement: $1:9100\n",
            Labels.of("__address__", "10.0.0.1:9100", "__meta_port", "8000", "host", "10.0.0.1")),
        c("dot does not match newline", Labels.of("a", "foo\nbar"),
            "- source_labels: [a]\n  regex: foo.bar\n  action: drop\n", Labels.of("a", "foo\nbar")),
        c("case-insensitive flag", Labels.of("a", "FOO"),
            "- source_labels: [a]\n  regex: (?i)foo\n  action: keep\n", Labels.of("a", "FOO")),
        c("posix class", Labels.of("a", "abc"),
            "- source_labels: [a]\n  regex: '[[:alpha:]]+'\n  action: keep\n", Labels.of("a", "abc")));
  }

  private static Arguments c(String name, Labels in, String rulesYaml, Labels want) {
    return Arguments.of(name, in, rulesYaml, want);
  }

  static List<RelabelConfig> rules(String rulesYaml) throws Exception {
    String indented = ("      " + rulesYaml.strip()).replace("\n", "\n      ");
    String yaml = "scrape_configs:\n  - job_name: t\n    relabel_configs:\n" + indented + "\n";
    return ConfigLoader.parse(yaml, "test.yml").scrapeConfigs().get(0).relabelConfigs();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void relabels(String name, Labels in, String rulesYaml, Labels want) throws Exception {
    assertEquals(want, Relabeler.process(in, rules(rulesYaml)));
  }

  @Test
  void noRulesReturnsInput() {
    Labels in = Labels.of("a", "b");
    assertSame(in, Relabeler.process(in, List.of()));
  }

  @Test
  void unchangedSetIsReturnedAsIs() throws Exception {
    Labels in = Labels.of("a", "b");
    assertSame(in, Relabeler.process(in, rules("- source_labels: [a]\n  regex: b\n  action: keep\n")));
  }

  @Test
  void hashModUsesLastEightBytesOfMd5() {
    // md5("") = d41d8cd98f00b204e9800998ecf8427e; last 8 bytes 0xe9800998ecf8427e.
    long want = Long.remainderUnsigned(0xe9800998ecf8427eL, 7);
    assertEquals(want, Relabeler.hashMod("", 7));
    assertNull(Relabeler.process(Labels.of("a", "x"), List.of(RelabelConfig.of(
        io.promethium.core.config.RelabelAction.DROP, List.of("a"), "x", null, null))));
  }
}
