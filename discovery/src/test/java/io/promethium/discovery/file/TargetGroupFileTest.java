package io.promethium.discovery.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promethium.core.discovery.TargetGroup;
import io.promethium.core.labels.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TargetGroupFileTest {
  @TempDir
  Path dir;

  static final List<TargetGroup> EXPECTED(String name) {
    return List.of(
        new TargetGroup(name + ":0", List.of(Labels.of("__address__", "localhost:9090"), Labels.of("__address__", "example.org:443")),
            Labels.of("foo", "bar", "fred", "baz", "__meta_filepath", name)),
        new TargetGroup(name + ":1", List.of(Labels.of("__address__", "my.domain")),
            Labels.of("__meta_filepath", name)));
  }

  @Test
  void readsJson() throws IOException {
    Path f = dir.resolve("a.json");
    Files.writeString(f, """
        [
        \t{
        \t\t"targets": ["localhost:9090", "example.org:443"],
        \t\t"labels": {"foo": "bar", "fred": "baz"}
        \t},
        \t{"targets": ["my.domain"]}
        ]
        """);
    assertEquals(EXPECTED(f.toString()), TargetGroupFile.read(f, f.toString()));
  }

  @Test
  void readsYaml() throws IOException {
    Path f = dir.resolve("a.yml");
    Files.writeString(f, """
        - targets: ['localhost:9090', 'example.org:443']
          labels:
            foo: bar
            fred: baz
        - targets:
          - my.domain
        """);
    assertEquals(EXPECTED(f.toString()), TargetGroupFile.read(f, f.toString()));
  }

  @Test
  void yamlKeepsTargetsAsWritten() throws IOException {
    Path f = dir.resolve("b.yaml");
    Files.writeString(f, "- targets: [1:30, 010]\n  labels: {n: 0x10}\n");
    TargetGroup g = TargetGroupFile.read(f, "b.yaml").get(0);
    assertEquals(List.of(Labels.of("__address__", "1:30"), Labels.of("__address__", "010")), g.targets());
    assertEquals("0x10", g.labels().get("n"));
  }

  @Test
  void emptyYamlHasNoGroups() throws IOException {
    Path f = dir.resolve("e.yml");
    Files.writeString(f, "");
    assertEquals(List.of(), TargetGroupFile.read(f, "e.yml"));
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of("x.json", "{\"targets\": []}", "json: cannot unmarshal object into a list of target groups"),
        Arguments.of("x.json", "[null]", "nil target group item found (index 0)"),
        Arguments.of("x.json", "[{\"targets\": [], \"extra\": [1, 2.5e3, true, null]}]", "json: unknown field \"extra\""),
        Arguments.of("x.json", "[{\"targets\": [1]}]", "json: cannot unmarshal number into a target (index 0)"),
        Arguments.of("x.json", "[{\"labels\": {\"a-b\": \"c\"}}]", "\"a-b\" is not a valid label name"),
        Arguments.of("x.json", "[{\"labels\": {\"a\": 1}}]",
            "json: cannot unmarshal number into label value of \"a\" (index 0)"),
        Arguments.of("x.json", "[{\"targets\": [\"a\"]},]", "1:21: invalid character ']' looking for beginning of value"),
        Arguments.of("x.json", "[\n{\"targets\": [\"a\"]", "2:18: unexpected end of JSON input"),
        Arguments.of("x.yml", "- targets: [a]\n  foo: 1\n", "yaml: line 2: field foo not found in type struct (targets, labels)"),
        Arguments.of("x.yml", "targets: [a]\n", "yaml: line 1: cannot unmarshal !!map into a list of target groups"),
        Arguments.of("x.yml", "- ~\n", "nil target group item found (index 0)"),
        Arguments.of("x.yml", "- labels: {a: b, a: c}\n", "yaml: line 1: mapping key \"a\" already defined"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("bad")
  void refusesBadFiles(String name, String content, String message) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    IOException e = assertThrows(IOException.class, () -> TargetGroupFile.read(f, name));
    if (message != null) {
      assertEquals(message, e.getMessage());
    }
  }

  @Test
  void globTranslation() {
    assertEquals("*.json", FileDiscovery.goGlobToJava("*.json"));
    assertEquals("[!a]x\\{1\\,2\\}.yml", FileDiscovery.goGlobToJava("[^a]x{1,2}.yml"));
  }

  @Test
  void patternChecks() {
    FileDiscovery.checkPattern("/etc/prom/*.json");
    FileDiscovery.checkPattern("targets.YAML");
    assertThrows(IllegalArgumentException.class, () -> FileDiscovery.checkPattern("/etc/*/x.json"));
    assertThrows(IllegalArgumentException.class, () -> FileDiscovery.checkPattern("/etc/x.txt"));
  }
}
