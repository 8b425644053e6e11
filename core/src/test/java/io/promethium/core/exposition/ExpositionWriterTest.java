package io.promethium.core.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promethium.core.labels.Labels;
import io.promethium.core.metadata.MetricType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExpositionWriterTest {
  /** Expected strings are what Go 1.21's strconv.FormatFloat prints. */
  static Stream<Arguments> floats() {
    return Stream.of(
        Arguments.of(0.0, "0", "0"),
        Arguments.of(-0.0, "-0", "-0"),
        Arguments.of(1.0, "1", "1"),
        Arguments.of(-42.0, "-42", "-42"),
        Arguments.of(100000.0, "100000", "100000"),
        Arguments.of(999999.0, "999999", "999999"),
        Arguments.of(1e6, "1e+06", "1000000"),
        Arguments.of(1.7518624e7, "1.7518624e+07", "17518624"),
        Arguments.of(123456789.0, "1.23456789e+08", "123456789"),
        Arguments.of(123456.7, "123456.7", "123456.7"),
        Arguments.of(0.1, "0.1", "0.1"),
        Arguments.of(0.0001, "0.0001", "0.0001"),
        Arguments.of(0.00001, "1e-05", "0.00001"),
        Arguments.of(4.9351e-05, "4.9351e-05", "0.000049351"),
        Arguments.of(7.424100000000001e-05, "7.424100000000001e-05", "0.00007424100000000001"),
        Arguments.of(1.5e300, "1.5e+300", "15" + "0".repeat(299)),
        Arguments.of(1e21, "1e+21", "1" + "0".repeat(21)),
        Arguments.of(2.5e-7, "2.5e-07", "0.00000025"),
        Arguments.of(Double.MIN_VALUE, "5e-324", "0." + "0".repeat(323) + "5"),
        Arguments.of(Double.MAX_VALUE, "1.7976931348623157e+308", "17976931348623157" + "0".repeat(292)),
        Arguments.of(2.82879384806159e17, "2.82879384806159e+17", "282879384806159000"),
        Arguments.of(0.3, "0.3", "0.3"),
        Arguments.of(0.1 + 0.2, "0.30000000000000004", "0.30000000000000004"),
        Arguments.of(Double.NaN, "NaN", "NaN"),
        Arguments.of(Double.POSITIVE_INFINITY, "+Inf", "+Inf"),
        Arguments.of(Double.NEGATIVE_INFINITY, "-Inf", "-Inf"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("floats")
  void formatsLikeGo(double v, String g, String f) {
    assertEquals(g, GoFloatFormat.g(v));
    assertEquals(f, GoFloatFormat.f(v));
  }

  @Test
  void formattedValuesReadBackExactly() throws Exception {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    for (int i = 0; i < 5_000; i++) {
      double v = switch (i % 3) {
        case 0 -> Double.longBitsToDouble(r.nextLong());
        case 1 -> r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
        default -> Math.round(r.nextDouble() * 1e6) / 1000.0;
      };
      if (Double.isNaN(v)) {
        continue;
      }
      String g = GoFloatFormat.g(v);
      byte[] b = g.getBytes(StandardCharsets.US_ASCII);
      assertEquals(v, FloatText.parse(b, 0, b.length), "seed " + seed + " value " + v + " printed " + g);
      assertEquals(v, Double.parseDouble(GoFloatFormat.f(v).replace("Inf", "Infinity")), "seed " + seed);
    }
  }

  @Test
  void writesFederationText() throws Exception {
    StringBuilder sb = new StringBuilder();
    ExpositionWriter.writeHelp(sb, "up", "Whether the\ntarget is up \\ \"ok\".");
    ExpositionWriter.writeType(sb, "up", MetricType.GAUGE);
    ExpositionWriter.writeSample(sb, Labels.of("__name__", "up", "job", "a\"b\\c\nd", "instance", "x:1"), 1, 1700000000123L);
    ExpositionWriter.writeType(sb, "plain", MetricType.UNKNOWN);
    ExpositionWriter.writeSample(sb, Labels.of("__name__", "plain"), Double.NaN, ExpositionWriter.NO_TIMESTAMP);
    ExpositionWriter.writeType(sb, "gh", MetricType.GAUGE_HISTOGRAM);
    String text = sb.toString();
    assertEquals("""
        # HELP up Whether the\\ntarget is up \\\\ "ok".
        # TYPE up gauge
        up{instance="x:1",job="a\\"b\\\\c\\nd"} 1 1700000000123
        # TYPE plain untyped
        plain NaN
        # TYPE gh untyped
        """, text);
    // And our own parser reads it back to the same things.
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of(
        "HELP up Whether the\ntarget is up \\ \"ok\".",
        "TYPE up GAUGE",
        "up{instance=\"x:1\",job=\"a\\\"b\\\\c\\nd\"} => {__name__=\"up\", instance=\"x:1\", job=\"a\\\"b\\\\c\\nd\"} 1.0 @1700000000123",
        "TYPE plain UNKNOWN",
        "plain => {__name__=\"plain\"} NaN",
        "TYPE gh UNKNOWN"), ParseTrace.trace(new PromTextParser(b)));
  }

  @Test
  void roundTripsRandomSamples() throws Exception {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    String alphabet = "ab\\\"\n {}=,#é€ \t";
    for (int i = 0; i < 500; i++) {
      Labels.Builder lb = Labels.builder().set("__name__", "m_" + r.nextInt(5));
      int n = r.nextInt(4);
      for (int k = 0; k < n; k++) {
        StringBuilder v = new StringBuilder();
        for (int j = 1 + r.nextInt(6); j > 0; j--) {
          v.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        lb.set("l" + k, v.toString());
      }
      Labels l = lb.build();
      double value = r.nextGaussian() * Math.pow(10, r.nextInt(30) - 15);
      long ts = r.nextBoolean() ? ExpositionWriter.NO_TIMESTAMP : r.nextLong() & Long.MAX_VALUE;
      StringBuilder sb = new StringBuilder();
      ExpositionWriter.writeSample(sb, l, value, ts);
      PromTextParser p = new PromTextParser(sb.toString().getBytes(StandardCharsets.UTF_8));
      assertEquals(ExpositionParser.Entry.SERIES, p.next(), "seed " + seed + ": " + sb);
      assertEquals(l, p.labels(null), "seed " + seed + ": " + sb);
      assertEquals(value, p.value(), "seed " + seed + ": " + sb);
      assertEquals(ts != ExpositionWriter.NO_TIMESTAMP, p.hasTimestamp());
      if (p.hasTimestamp()) {
        assertEquals(ts, p.timestamp());
      }
      assertEquals(ExpositionParser.Entry.EOF, p.next());
    }
  }
}
