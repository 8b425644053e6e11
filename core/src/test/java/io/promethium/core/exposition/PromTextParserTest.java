package io.promethium.core.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PromTextParserTest {
  static final String INPUT = """
      # HELP go_gc_duration_seconds A summary of the GC invocation durations.
      # \tTYPE go_gc_duration_seconds summary
      go_gc_duration_seconds{quantile="0"} 4.9351e-05
      go_gc_duration_seconds{quantile="0.25",} 7.424100000000001e-05
      go_gc_duration_seconds{quantile="0.5",a="b"} 8.3835e-05
      go_gc_duration_seconds{ quantile="0.9", a="b"} 8.3835e-05
      # Hrandom comment starting with prefix of HELP
      #
      wind_speed{A="2",c="3"} 12345
      # HELP nohelp1
      # HELP nohelp2\s
      go_gc_duration_seconds { quantile = "2.0" a = "b" } 8.3835e-05

      some:aggregate:rate5m{a_b="c"}\t1
      # HELP go_goroutines Number of goroutines\\nthat currently exist \\\\ \\x.
      # TYPE go_goroutines gauge
      go_goroutines 33  \t123123
      _metric_starting_with_underscore +Inf
      testmetric{_label_starting_with_underscore="foo"} -Inf
      testmetric{label="\\"bar\\"\\n\\\\ \\x"} NaN
      utf8{v="Heizölrückstoß€"} -0.5e3 12
      """;

  static final List<String> EXPECTED = List.of(
      "HELP go_gc_duration_seconds A summary of the GC invocation durations.",
      "TYPE go_gc_duration_seconds SUMMARY",
      "go_gc_duration_seconds{quantile=\"0\"} => {__name__=\"go_gc_duration_seconds\", quantile=\"0\"} 4.9351E-5",
      "go_gc_duration_seconds{quantile=\"0.25\",} => {__name__=\"go_gc_duration_seconds\", quantile=\"0.25\"} 7.424100000000001E-5",
      "go_gc_duration_seconds{quantile=\"0.5\",a=\"b\"} => {__name__=\"go_gc_duration_seconds\", a=\"b\", quantile=\"0.5\"} 8.3835E-5",
      "go_gc_duration_seconds{ quantile=\"0.9\", a=\"b\"} => {__name__=\"go_gc_duration_seconds\", a=\"b\", quantile=\"0.9\"} 8.3835E-5",
      "COMMENT",
      "COMMENT",
      "wind_speed{A=\"2\",c=\"3\"} => {A=\"2\", __name__=\"wind_speed\", c=\"3\"} 12345.0",
      "HELP nohelp1 ",
      "HELP nohelp2 ",
      "go_gc_duration_seconds { quantile = \"2.0\" a = \"b\" } => {__name__=\"go_gc_duration_seconds\", a=\"b\", quantile=\"2.0\"} 8.3835E-5",
      "some:aggregate:rate5m{a_b=\"c\"} => {__name__=\"some:aggregate:rate5m\", a_b=\"c\"} 1.0",
      "HELP go_goroutines Number of goroutines\nthat currently exist \\ \\x.",
      "TYPE go_goroutines GAUGE",
      "go_goroutines => {__name__=\"go_goroutines\"} 33.0 @123123",
      "_metric_starting_with_underscore => {__name__=\"_metric_starting_with_underscore\"} Infinity",
      "testmetric{_label_starting_with_underscore=\"foo\"} => {__name__=\"testmetric\", _label_starting_with_underscore=\"foo\"} -Infinity",
      "testmetric{label=\"\\\"bar\\\"\\n\\\\ \\x\"} => {__name__=\"testmetric\", label=\"\\\"bar\\\"\\n\\\\ \\\\x\"} NaN",
      "utf8{v=\"Heizölrückstoß€\"} => {__name__=\"utf8\", v=\"Heizölrückstoß€\"} -500.0 @12");

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parsesAllElements() throws Exception {
    assertEquals(EXPECTED, ParseTrace.trace(new PromTextParser(bytes(INPUT))));
  }

  @Test
  void unescapedLabelValue() throws Exception {
    PromTextParser p = new PromTextParser(bytes("m{l=\"a\\\\b\\\"c\\nd\\te\"} 1\n"));
    assertEquals(ExpositionParser.Entry.SERIES, p.next());
    // \t is not an escape in the text format: kept as backslash + t.
    assertEquals("a\\b\"c\nd\\te", p.labels(null).get("l"));
  }

  @Test
  void respectsOffsetAndLength() throws Exception {
    byte[] body = bytes(INPUT);
    byte[] padded = new byte[body.length + 20];
    Arrays.fill(padded, (byte) '{');
    System.arraycopy(body, 0, padded, 10, body.length);
    assertEquals(EXPECTED, ParseTrace.trace(new PromTextParser(padded, 10, body.length)));
  }

  @Test
  void resetReusesParser() throws Exception {
    PromTextParser p = new PromTextParser(bytes("a 1\n"));
    assertEquals(List.of("a => {__name__=\"a\"} 1.0"), ParseTrace.trace(p));
    p.reset(bytes(INPUT), 0, bytes(INPUT).length);
    assertEquals(EXPECTED, ParseTrace.trace(p));
    p.reset(bytes("x{"), 0, 2);
    assertEquals("1:3: expected label name, got end of input", ParseTrace.error(p));
  }

  @Test
  void everyPrefixParsesOrFailsCleanly() {
    byte[] body = bytes(INPUT);
    for (int k = 0; k <= body.length; k++) {
      // Only ExpositionParseException may escape: no index errors at any cut.
      ParseTrace.error(new PromTextParser(body, 0, k));
    }
  }

  @Test
  void everyLineCutGivesThePrefixOfTheEntries() throws Exception {
    byte[] body = bytes(INPUT);
    List<String> full = ParseTrace.trace(new PromTextParser(body));
    for (int k = 0; k < body.length; k++) {
      if (body[k] == '\n') {
        List<String> part = ParseTrace.trace(new PromTextParser(body, 0, k));
        assertEquals(full.subList(0, part.size()), part, "cut at " + k);
        List<String> rest = ParseTrace.trace(new PromTextParser(body, k, body.length - k));
        assertEquals(full.size(), part.size() + rest.size(), "cut at " + k);
      }
    }
  }

  @Test
  void reportsLineOfEntry() throws Exception {
    PromTextParser p = new PromTextParser(bytes("# c\n\na 1\n  # b 2"));
    p.next();
    assertEquals(1, p.line());
    p.next();
    assertEquals(3, p.line());
    p.next();
    assertEquals(4, p.line());
  }

  static Path testdata(String name) {
    String dir = System.getProperty("promethium.testdata");
    Path base = dir != null ? Path.of(dir) : Path.of("../../shared/testdata");
    return base.resolve("exposition").resolve(name);
  }

  @ParameterizedTest
  @MethodSource("testdataFiles")
  void parsesPromtestdata(String name, int metaEntries) throws IOException, ExpositionParseException {
    byte[] body = Files.readAllBytes(testdata(name));
    for (ExpositionParser p : List.of(new PromTextParser(body),
        ExpositionParsers.forContentType("text/plain; version=0.0.4", body, 0, body.length))) {
      int samples = 0;
      int meta = 0;
      int nan = 0;
      Labels.Builder b = Labels.builder();
      Labels last = null;
      double lastValue = 0;
      ExpositionParser.Entry e;
      while ((e = p.next()) != ExpositionParser.Entry.EOF) {
        if (e == ExpositionParser.Entry.SERIES) {
          samples++;
          if (Double.isNaN(p.value())) {
            nan++;
          }
          Labels l = p.labels(b);
          if (l.metricName().equals("prometheus_local_storage_maintain_series_duration_seconds_count")) {
            assertEquals("memory", l.get("location"));
          }
          if (l.metricName().equals("go_gc_duration_seconds") && l.get("quantile").equals("0.25")) {
            assertEquals(7.424100000000001e-05, p.value());
          }
          last = l;
          lastValue = p.value();
        } else {
          meta++;
        }
      }
      assertEquals(410, samples);
      assertEquals(147, nan);
      assertEquals(metaEntries, meta);
      assertEquals(Labels.of("__name__", "prometheus_treecache_zookeeper_failures_total"), last);
      assertEquals(0.0, lastValue);
    }
  }

  static Stream<Arguments> testdataFiles() {
    return Stream.of(Arguments.of("promtestdata.txt", 119), Arguments.of("promtestdata.nometa.txt", 1));
  }

  @Test
  void repeatedNamesAndValuesShareStrings() throws Exception {
    PromTextParser p = new PromTextParser(bytes("cpu{mode=\"idle\"} 1\ncpu{mode=\"idle\",x=\"\\\\\"} 2\n"));
    p.next();
    Labels a = p.labels(null);
    p.next();
    Labels b = p.labels(null);
    org.junit.jupiter.api.Assertions.assertSame(a.metricName(), b.metricName());
    org.junit.jupiter.api.Assertions.assertSame(a.name(1), b.name(1));
    org.junit.jupiter.api.Assertions.assertSame(a.get("mode"), b.get("mode"));
    assertEquals("\\", b.get("x"));
  }

  @Test
  void rawNewlineInLabelValueBelongsToTheValue() throws Exception {
    PromTextParser p = new PromTextParser(bytes("a{b=\"x\ny\"} 1\nc 2\n"));
    p.next();
    assertEquals("x\ny", p.labels(null).get("b"));
    p.next();
    assertEquals(3, p.line());
  }

  @Test
  void nanHasGoPrometheusBits() throws Exception {
    PromTextParser p = new PromTextParser(bytes("a NaN\n"));
    p.next();
    assertEquals(0x7ff8000000000001L, Double.doubleToRawLongBits(p.value()));
  }

  @Test
  void noTimestampByDefault() throws Exception {
    PromTextParser p = new PromTextParser(bytes("a 1\n"));
    p.next();
    assertFalse(p.hasTimestamp());
    assertEquals(null, p.exemplar());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("errors")
  void rejectsMalformedInput(String input, String message) {
    assertEquals(message, ParseTrace.error(new PromTextParser(bytes(input))));
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("a", "1:2: expected value after metric, got end of input"),
        Arguments.of("a\n", "1:2: expected value after metric, got \"\\n\""),
        Arguments.of("a{b='c'} 1\n", "1:5: expected label value, got \"'\""),
        Arguments.of("a{b=\n", "1:5: expected label value, got \"\\n\""),
        Arguments.of("a{\u00ff=\"foo\"} 1\n", "1:3: expected label name, got \"\\xc3\""),
        Arguments.of("a{b=\"c\"\"d\"} 1\n", "1:8: expected comma or closing brace, got \"\\\"\""),
        Arguments.of("a true\n", "1:3: strconv.ParseFloat: parsing \"true\": invalid syntax"),
        Arguments.of("something_weird{problem=\"", "1:25: expected label value, got unterminated string"),
        Arguments.of("something_weird{problem=\"a\nb\"} 1", ""),
        Arguments.of("a{b=\"c\"}1\n", ""),
        Arguments.of("a{b=\"c\"}\n", "1:9: expected value after metric, got \"\\n\""),
        Arguments.of("a 1 -5\n", "1:5: expected timestamp or new record, got \"-\""),
        Arguments.of("#HELP x\n#TYPE y foo\n", ""),
        Arguments.of("a 1\n  b 2\n", "2:1: invalid metric name: a sample line must not start with blanks"),
        Arguments.of("  \t\n\t# x\na 1\n", ""),
        Arguments.of("a 1\n\u0000 whatever follows\n", ""),
        Arguments.of("empty_label_name{=\"\"} 0", "1:18: expected label name, got \"=\""),
        Arguments.of("foo 1_2\n", "1:5: unsupported character in float"),
        Arguments.of("foo 0x1p-3\n", "1:5: unsupported character in float"),
        Arguments.of("foo 0x1P-3\n", "1:5: unsupported character in float"),
        Arguments.of("foo 0x10\n", "1:5: strconv.ParseFloat: parsing \"0x10\": invalid syntax"),
        Arguments.of("foo 1e400\n", "1:5: strconv.ParseFloat: parsing \"1e400\": value out of range"),
        Arguments.of("foo -nan\n", "1:5: strconv.ParseFloat: parsing \"-nan\": invalid syntax"),
        Arguments.of("foo 1.2.3\n", "1:5: strconv.ParseFloat: parsing \"1.2.3\": invalid syntax"),
        Arguments.of("foo 1e\n", "1:5: strconv.ParseFloat: parsing \"1e\": invalid syntax"),
        Arguments.of("foo 0 1_2\n", "1:8: expected next entry after timestamp, got \"_2\""),
        Arguments.of("foo 0 1.5\n", "1:8: expected next entry after timestamp, got \".\""),
        Arguments.of("foo 0 x\n", "1:7: expected timestamp or new record, got \"x\""),
        Arguments.of("foo 0 99999999999999999999\n", "1:7: timestamp out of range"),
        Arguments.of("foo 0 1 2\n", "1:9: expected next entry after timestamp, got \"2\""),
        Arguments.of("{a=\"ok\"} 1", "1:1: metric name not set"),
        Arguments.of("# TYPE #\n", "1:8: expected metric name after TYPE, got \"#\""),
        Arguments.of("# HELP #\n", "1:8: expected metric name after HELP, got \"#\""),
        Arguments.of("# TYPE m gaugehistogram\n", "1:10: invalid metric type \"gaugehistogram\""),
        Arguments.of("# TYPE m counter \n", "1:10: invalid metric type \"counter \""),
        Arguments.of("# TYPE m\n", "1:9: invalid metric type \"\""),
        Arguments.of("a 1\nb{x=\"1\",x=\"2\"} 1\n", "2:9: label name \"x\" is not unique"),
        Arguments.of("a{__name__=\"b\"} 1\n",
            "1:3: label name \"__name__\" is not unique: the metric name is set before the braces"),
        Arguments.of("a{b=\"\u00ff\"} 1\n".replace('\u00ff', '\u0000'), ""),
        Arguments.of("a{b=\"\\", "1:5: expected label value, got unterminated string"),
        Arguments.of("a 1\n9 2\n", "2:1: expected metric name or comment, got \"9\""),
        Arguments.of("a\u0000{b=\"ddd\"} 1", "1:2: expected value after metric, got \"\\x00\""),
        Arguments.of("a 0 1\u0000", "1:6: expected next entry after timestamp, got \"\\x00\""),
        Arguments.of("a{b\u0000=\"hiih\"}\t1", "1:4: expected equal, got \"\\x00\""));
  }

  @Test
  void rejectsInvalidUtf8InLabelValue() {
    byte[] body = {'a', '{', 'b', '=', '"', (byte) 0xff, '"', '}', ' ', '1', '\n'};
    assertEquals("1:6: invalid UTF-8 label value: \"\\\"\\xff\\\"\"", ParseTrace.error(new PromTextParser(body)));
    byte[] overlong = {'a', '{', 'b', '=', '"', (byte) 0xc0, (byte) 0x80, '"', '}', ' ', '1', '\n'};
    assertTrue(ParseTrace.error(new PromTextParser(overlong)).contains("invalid UTF-8"));
  }
}
