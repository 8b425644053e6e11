package io.promethium.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promethium.core.labels.Matcher;
import io.promethium.promql.ast.AtModifier;
import io.promethium.promql.ast.ExprPrinter;
import io.promethium.promql.ast.NumberLiteral;
import io.promethium.promql.ast.StringLiteral;
import io.promethium.promql.ast.VectorSelector;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact printed forms, as Prometheus 2.48's {@code String()} (printer_test.go and printer.go). */
class ExprPrinterTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\0', textBlock = """
      sum by() (task:errors:rate10s{job="s"})          | sum(task:errors:rate10s{job="s"})
      sum by(code) (task:errors:rate10s{job="s"})      | sum by (code) (task:errors:rate10s{job="s"})
      sum without() (task:errors:rate10s{job="s"})     | sum without () (task:errors:rate10s{job="s"})
      sum without(instance) (task:errors:rate10s{job="s"}) | sum without (instance) (task:errors:rate10s{job="s"})
      sum(x) by (a, b)                                 | sum by (a, b) (x)
      topk(5, task:errors:rate10s{job="s"})            | topk(5, task:errors:rate10s{job="s"})
      count_values("value", task:errors:rate10s{job="s"}) | count_values("value", task:errors:rate10s{job="s"})
      a - on() c                                       | a - on () c
      a - on(b) c                                      | a - on (b) c
      a - on(b) group_left(x) c                        | a - on (b) group_left (x) c
      a - on(b) group_left(x, y) c                     | a - on (b) group_left (x, y) c
      a - on(b) group_left c                           | a - on (b) group_left () c
      a - on(b) group_left() (c)                       | a - on (b) group_left () (c)
      a - ignoring(b) c                                | a - ignoring (b) c
      a - ignoring() c                                 | a - c
      a + ignoring(b) group_right(c) d                 | a + ignoring (b) group_right (c) d
      up > bool 0                                      | up > bool 0
      a offset 1m                                      | a offset 1m
      a offset -7m                                     | a offset -7m
      a{c="d"}[5m] offset 1m                           | a{c="d"}[5m] offset 1m
      a[5m] offset 1m                                  | a[5m] offset 1m
      a[12m] offset -3m                                | a[12m] offset -3m
      a[1h:5m] offset 1m                               | a[1h:5m] offset 1m
      a[1h:] offset 1m @ 5                             | a[1h:] @ 5.000 offset 1m
      {__name__="a"}                                   | {__name__="a"}
      a{b!="c"}[1m]                                    | a{b!="c"}[1m]
      a{b=~"c"}[1m]                                    | a{b=~"c"}[1m]
      a{b!~"c"}[1m]                                    | a{b!~"c"}[1m]
      a{z="1", b="2", m=~"3"}                          | a{b="2",m=~"3",z="1"}
      a @ 10                                           | a @ 10.000
      a @ 1.5                                          | a @ 1.500
      a @ -3                                           | a @ -3.000
      a[1m] @ 10                                       | a[1m] @ 10.000
      a @ start()                                      | a @ start()
      a @ end()                                        | a @ end()
      a[1m] @ start()                                  | a[1m] @ start()
      a @ 10 offset 5m                                 | a @ 10.000 offset 5m
      a offset 5m @ 10                                 | a @ 10.000 offset 5m
      a[90m]                                           | a[1h30m]
      a[120s]                                          | a[2m]
      a[14d]                                           | a[2w]
      a[90d]                                           | a[90d]
      a[365d]                                          | a[1y]
      a[1500ms]                                        | a[1s500ms]
      rate(x[5m])                                      | rate(x[5m])
      sum by (job) (rate(x[5m]))                       | sum by (job) (rate(x[5m]))
      label_join(a, "b", ",", "c", "d")                | label_join(a, "b", ",", "c", "d")
      -a                                               | -a
      -(a + b)                                         | -(a + b)
      +a                                               | +a
      1 + -2                                           | 1 + -2
      0x10                                             | 16
      1e6                                              | 1e+06
      123456                                           | 123456
      1234567                                          | 1.234567e+06
      0.0001                                           | 0.0001
      0.00001                                          | 1e-05
      .5                                               | 0.5
      Inf                                              | +Inf
      -Inf                                             | -Inf
      nan                                              | NaN
      "a\\nb"                                          | "a\\nb"
      'it\\'s'                                        | "it's"
      `raw\\x`                                         | "raw\\\\x"
      "\\u00e9"                                        | "é"
      "\\x01"                                          | "\\x01"
      time()                                           | time()
      (a)                                              | (a)
      a and b or c unless d                            | a and b or c unless d
      a^b^c                                            | a ^ b ^ c
      a atan2 b                                        | a atan2 b
      x[5m:1m]                                         | x[5m:1m]
      max_over_time(rate(x[1m])[1h:])                  | max_over_time(rate(x[1m])[1h:])
      foo:bar:baz                                      | foo:bar:baz
      """)
  void printsAsPrometheus(String input, String expected) {
    assertEquals(expected, PromQLParser.parseExpr(unescape(input)).toString());
  }

  /** CSV text blocks cannot hold some characters directly; {@code ''} stands for {@code '} inside quotes. */
  private static String unescape(String s) {
    return s.replace("\\\\", "\\").replace("''", "'");
  }

  @ParameterizedTest
  @CsvSource({"0,0s", "1,1ms", "1000,1s", "60000,1m", "90000,1m30s", "3600000,1h", "86400000,1d",
      "604800000,1w", "691200000,8d", "31536000000,1y", "31622400000,366d", "1209600000,2w",
      "93784005,1d2h3m4s5ms", "-300000,-5m"})
  void formatsDurationsAsModelDuration(long millis, String expected) {
    assertEquals(expected, DurationFormat.format(millis));
  }

  @org.junit.jupiter.api.Test
  void printsHandBuiltNodes() {
    VectorSelector vs = new VectorSelector("up", List.of(Matcher.equal("job", "a\"b"), Matcher.equal("__name__",
        "up")), -60_000, AtModifier.at(1_500));
    assertEquals("up{job=\"a\\\"b\"} @ 1.500 offset -1m", ExprPrinter.print(vs));
    assertEquals("\"\\t\"", new StringLiteral("\t").toString());
    assertEquals("-0", new NumberLiteral(-0.0).toString());
  }
}
