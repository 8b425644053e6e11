package io.promethium.core.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.promethium.core.labels.Labels;
import io.promethium.core.storage.Exemplar;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenMetricsParserTest {
  static final String INPUT = """
      # HELP go_gc_duration_seconds A summary of the GC invocation durations.
      # TYPE go_gc_duration_seconds summary
      # UNIT go_gc_duration_seconds seconds
      go_gc_duration_seconds{quantile="0"} 4.9351e-05
      go_gc_duration_seconds{quantile="0.5",a="b"} 8.3835e-05
      # HELP nohelp1\s
      # HELP help2 escape \\ \\n \\\\ \\" \\x chars
      # UNIT nounit\s
      go_gc_duration_seconds_count 99
      some:aggregate:rate5m{a_b="c"} 1
      # TYPE go_goroutines gauge
      go_goroutines 33 123.123
      # TYPE hhh histogram
      hhh_bucket{le="+Inf"} 1 # {aa="bb"} 4
      # TYPE ggh gaugehistogram
      ggh_bucket{le="+Inf"} 1 # {cc="dd",xx="yy"} 4 123.123
      # TYPE ii info
      ii{foo="bar"} 1
      # TYPE ss stateset
      ss{ss="foo"} 1
      # TYPE un unknown
      testmetric{label="\\"bar\\""} -Inf
      # TYPE foo counter
      foo_total 17.0 1520879607.789 # {xx="yy"} 5
      empty{} NaN
      # EOF
      """;

  static final List<String> EXPECTED = List.of(
      "HELP go_gc_duration_seconds A summary of the GC invocation durations.",
      "TYPE go_gc_duration_seconds SUMMARY",
      "UNIT go_gc_duration_seconds seconds",
      "go_gc_duration_seconds{quantile=\"0\"} => {__name__=\"go_gc_duration_seconds\", quantile=\"0\"} 4.9351E-5",
      "go_gc_duration_seconds{quantile=\"0.5\",a=\"b\"} => {__name__=\"go_gc_duration_seconds\", a=\"b\", quantile=\"0.5\"} 8.3835E-5",
      "HELP nohelp1 ",
      "HELP help2 escape \\ \n \\ \" \\x chars",
      "UNIT nounit ",
      "go_gc_duration_seconds_count => {__name__=\"go_gc_duration_seconds_count\"} 99.0",
      "some:aggregate:rate5m{a_b=\"c\"} => {__name__=\"some:aggregate:rate5m\", a_b=\"c\"} 1.0",
      "TYPE go_goroutines GAUGE",
      "go_goroutines => {__name__=\"go_goroutines\"} 33.0 @123123",
      "TYPE hhh HISTOGRAM",
      "hhh_bucket{le=\"+Inf\"} => {__name__=\"hhh_bucket\", le=\"+Inf\"} 1.0 # {aa=\"bb\"} 4.0",
      "TYPE ggh GAUGE_HISTOGRAM",
      "ggh_bucket{le=\"+Inf\"} => {__name__=\"ggh_bucket\", le=\"+Inf\"} 1.0 # {cc=\"dd\", xx=\"yy\"} 4.0 @123123",
      "TYPE ii INFO",
      "ii{foo=\"bar\"} => {__name__=\"ii\", foo=\"bar\"} 1.0",
      "TYPE ss STATESET",
      "ss{ss=\"foo\"} => {__name__=\"ss\", ss=\"foo\"} 1.0",
      "TYPE un UNKNOWN",
      "testmetric{label=\"\\\"bar\\\"\"} => {__name__=\"testmetric\", label=\"\\\"bar\\\"\"} -Infinity",
      "TYPE foo COUNTER",
      "foo_total => {__name__=\"foo_total\"} 17.0 @1520879607789 # {xx=\"yy\"} 5.0",
      "empty{} => {__name__=\"empty\"} NaN");

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parsesAllElements() throws Exception {
    assertEquals(EXPECTED, ParseTrace.trace(new OpenMetricsParser(bytes(INPUT))));
  }

  @Test
  void factoryChoosesByContentType() throws Exception {
    byte[] b = bytes(INPUT);
    assertInstanceOf(OpenMetricsParser.class,
        ExpositionParsers.forContentType("application/openmetrics-text; version=1.0.0; charset=utf-8", b, 0, b.length));
    assertInstanceOf(OpenMetricsParser.class, ExpositionParsers.forContentType("Application/OpenMetrics-Text", b, 0, 1));
    assertInstanceOf(PromTextParser.class, ExpositionParsers.forContentType("text/plain;version=0.0.4", b, 0, 1));
    assertInstanceOf(PromTextParser.class, ExpositionParsers.forContentType("", b, 0, 1));
    assertInstanceOf(PromTextParser.class, ExpositionParsers.forContentType(null, b, 0, 1));
    assertInstanceOf(PromTextParser.class, ExpositionParsers.forContentType("application/json", b, 0, 1));
  }

  @Test
  void reuseKeepsTheParserOfTheSameKind() throws Exception {
    byte[] b = bytes(INPUT);
    ExpositionParser om = ExpositionParsers.forContentType("application/openmetrics-text", b, 0, b.length);
    ParseTrace.trace(om);
    org.junit.jupiter.api.Assertions.assertSame(om,
        ExpositionParsers.reuse(om, "application/openmetrics-text", b, 0, b.length));
    assertEquals(EXPECTED, ParseTrace.trace(om));
    ExpositionParser text = ExpositionParsers.reuse(om, "text/plain", b, 0, 4);
    assertInstanceOf(PromTextParser.class, text);
    assertInstanceOf(OpenMetricsParser.class, ExpositionParsers.reuse(null, "application/openmetrics-text", b, 0, 1));
  }

  @Test
  void exemplarAccessors() throws Exception {
    OpenMetricsParser p = new OpenMetricsParser(bytes("a_total 1 # {t=\"x\"} 1.5 123.4\nb 2\n# EOF\n"));
    p.next();
    assertEquals(new Exemplar(Labels.of("t", "x"), 1.5, true, 123400), p.exemplar());
    p.next();
    assertNull(p.exemplar());
  }

  @Test
  void everyPrefixParsesOrFailsCleanly() {
    byte[] body = bytes(INPUT);
    for (int k = 0; k <= body.length; k++) {
      ParseTrace.error(new OpenMetricsParser(body, 0, k));
    }
  }

  @Test
  void everyLineCutLacksEof() throws Exception {
    byte[] body = bytes(INPUT);
    int line = 1;
    for (int k = 0; k < body.length - "# EOF\n".length(); k++) {
      if (body[k] == '\n') {
        line++;
        assertEquals(line + ":1: data does not end with # EOF", ParseTrace.error(new OpenMetricsParser(body, 0, k + 1)));
      }
    }
  }

  @Test
  void resetStartsOver() throws Exception {
    OpenMetricsParser p = new OpenMetricsParser(bytes("a 1\n"));
    assertEquals("2:1: data does not end with # EOF", ParseTrace.error(p));
    byte[] b = bytes(INPUT);
    p.reset(b, 0, b.length);
    assertEquals(EXPECTED, ParseTrace.trace(p));
    assertEquals(ExpositionParser.Entry.EOF, p.next());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void acceptsOrRejects(String input, String message) {
    assertEquals(message, ParseTrace.error(new OpenMetricsParser(bytes(input))));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("# EOF", ""),
        Arguments.of("# EOF\n", ""),
        Arguments.of("a{b=\"\u0000\"} 1\n# EOF", ""),
        Arguments.of("", "1:1: data does not end with # EOF"),
        Arguments.of("\n", "1:1: expected metric name or \"# \" at start of line, got \"\\n\""),
        Arguments.of("metric", "1:7: expected value after metric, got end of input"),
        Arguments.of("metric 1", "1:9: data does not end with # EOF"),
        Arguments.of("metric 1\n", "2:1: data does not end with # EOF"),
        Arguments.of("metric_total 1 # {aa=\"bb\"} 4", "1:29: data does not end with # EOF"),
        Arguments.of("a\n#EOF\n", "1:2: expected value after metric, got \"\\n\""),
        Arguments.of(" a 1\n# EOF\n", "1:1: expected metric name or \"# \" at start of line, got \" \""),
        Arguments.of("9\n# EOF\n", "1:1: expected metric name or \"# \" at start of line, got \"9\""),
        Arguments.of("#EOF\n", "1:2: expected a space after \"#\", got \"EOF\""),
        Arguments.of("# TYPE u untyped\n# EOF\n", "1:10: invalid metric type \"untyped\""),
        Arguments.of("# TYPE c counter \n# EOF\n", "1:10: invalid metric type \"counter \""),
        Arguments.of("# TYPE c  counter\n# EOF\n", "1:10: invalid metric type \" counter\""),
        Arguments.of("#  TYPE c counter\n# EOF\n", "1:3: expected HELP, TYPE, UNIT or EOF after \"# \", got \" \""),
        Arguments.of("# comment\n# EOF\n", "1:3: expected HELP, TYPE, UNIT or EOF after \"# \", got \"comment\""),
        Arguments.of("# TYPE \n# EOF\n", "1:8: expected metric name after TYPE, got \"\\n\""),
        Arguments.of("# TYPE m\n# EOF\n", "1:9: expected text in TYPE"),
        Arguments.of("# UNIT metric suffix\n# EOF\n", "1:15: unit not a suffix of metric \"metric\""),
        Arguments.of("# UNIT metricsuffix suffix\n# EOF\n", "1:21: unit not a suffix of metric \"metricsuffix\""),
        Arguments.of("# UNIT m suffix\n# EOF\n", "1:10: unit not a suffix of metric \"m\""),
        Arguments.of("# UNIT m_suffix suffix\n# EOF\n", ""),
        Arguments.of("# UNIT m\n# EOF\n", "1:9: expected text in UNIT"),
        Arguments.of("# HELP m\n# EOF\n", "1:9: expected text in HELP"),
        Arguments.of("a\t1\n# EOF\n", "1:2: expected value after metric, got \"\\t\""),
        Arguments.of("a 1\t2\n# EOF\n", "1:3: strconv.ParseFloat: parsing \"1\\t2\": invalid syntax"),
        Arguments.of("a 1 2 \n# EOF\n", "1:7: expected next entry after timestamp, got \"\\n\""),
        Arguments.of("a 1 2 #\n# EOF\n", "1:7: metric name a does not support exemplars"),
        Arguments.of("a 1 1z\n# EOF\n", "1:5: strconv.ParseFloat: parsing \"1z\": invalid syntax"),
        Arguments.of("# EOF\na 1", "1:6: unexpected data after # EOF"),
        Arguments.of("# EOF\n\n", "1:6: unexpected data after # EOF"),
        Arguments.of("# EOFa 1", "1:6: unexpected data after # EOF"),
        Arguments.of("a 1 1 1\n# EOF\n", "1:7: expected next entry after timestamp, got \"1\""),
        Arguments.of("a{b='c'} 1\n# EOF\n", "1:5: expected label value, got \"'\""),
        Arguments.of("a{b=\"c\",} 1\n# EOF\n", "1:9: expected label name, got \"}\""),
        Arguments.of("a{,b=\"c\"} 1\n# EOF\n", "1:3: expected label name, got \",\""),
        Arguments.of("a{b=\"c\"d=\"e\"} 1\n# EOF\n", "1:8: expected comma or closing brace, got \"d\""),
        Arguments.of("a{b=\"c\",,d=\"e\"} 1\n# EOF\n", "1:9: expected label name, got \",\""),
        Arguments.of("a{b = \"c\"} 1\n# EOF\n", "1:4: expected equal, got \" \""),
        Arguments.of("a{b=\"c\",b=\"d\"} 1\n# EOF\n", "1:9: label name \"b\" is not unique"),
        Arguments.of("a true\n# EOF\n", "1:3: strconv.ParseFloat: parsing \"true\": invalid syntax"),
        Arguments.of("empty_label_name{=\"\"} 0\n# EOF\n", "1:18: expected label name, got \"=\""),
        Arguments.of("foo 1_2\n\n# EOF\n", "1:5: unsupported character in float"),
        Arguments.of("foo 0x1p-3\n\n# EOF\n", "1:5: unsupported character in float"),
        Arguments.of("foo 0 1_2\n\n# EOF\n", "1:7: unsupported character in float"),
        Arguments.of("custom_metric_total 1 # {aa=bb}\n# EOF\n", "1:29: expected label value, got \"bb\""),
        Arguments.of("custom_metric_total 1 # {aa=\"bb\"}\n# EOF\n",
            "1:34: expected value after exemplar labels, got \"\\n\""),
        Arguments.of("custom_metric_total 1 # {aa=\"bb\"}", "1:34: expected value after exemplar labels, got end of input"),
        Arguments.of("custom_metric 1 # {aa=\"bb\"}", "1:17: metric name custom_metric does not support exemplars"),
        Arguments.of("custom_metric_total 1 # {aa=\"bb\",,cc=\"dd\"} 1", "1:34: expected label name, got \",\""),
        Arguments.of("custom_metric_total 1 # {aa=\"bb\"} 1_2", "1:35: unsupported character in float"),
        Arguments.of("custom_metric_total 1 # {aa=\"bb\"} true",
            "1:35: strconv.ParseFloat: parsing \"true\": invalid syntax"),
        Arguments.of("custom_metric_total 1 # {aa=\"bb\",cc=}", "1:37: expected label value, got \"}\""),
        Arguments.of("x_total 1 # {a=\"" + "b".repeat(128) + "\"} 1\n# EOF\n", ""),
        Arguments.of("{b=\"c\",} 1", "1:1: expected metric name or \"# \" at start of line, got \"{\""),
        Arguments.of("a 1 NaN", "1:5: invalid timestamp"),
        Arguments.of("a 1 -Inf", "1:5: invalid timestamp"),
        Arguments.of("a 1 Inf", "1:5: invalid timestamp"),
        Arguments.of("# TYPE hhh histogram\nhhh_bucket{le=\"+Inf\"} 1 # {aa=\"bb\"} 4 NaN", "2:39: invalid exemplar timestamp"),
        Arguments.of("# TYPE hhh histogram\nhhh_bucket{le=\"+Inf\"} 1 # {aa=\"bb\"} 4 -Inf", "2:39: invalid exemplar timestamp"),
        Arguments.of("a{b=\u0000\"ssss\"} 1\n# EOF\n", "1:5: expected label value, got \"\\x00\""),
        Arguments.of("a{b\u0000=\"hiih\"}\t1", "1:4: expected equal, got \"\\x00\""),
        Arguments.of("#", "1:2: expected a space after \"#\", got end of input"),
        Arguments.of("# H", "1:3: expected HELP, TYPE, UNIT or EOF after \"# \", got \"H\""));
  }
}
