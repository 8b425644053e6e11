package io.promethium.promql.promqltest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.storage.StaleNaN;
import io.promethium.promql.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The test-script runner must fail on wrong expectations, not only pass on right ones. */
class EvalRunnerTest {
  private static final String LOAD = """
      load 10s
        metric{a="1"} 0+10x10
        metric{a="2"} 5 _ 7 stale 9x2
      """;

  /** Runs every eval of a script against its loads; AssertionError on the first mismatch. */
  private static void runScript(String script) {
    TestScript s = TestScript.parse("inline.test", script);
    Engine engine = PromqlTestFilesTest.testEngine();
    MemoryStorage storage = new MemoryStorage();
    for (TestScript.Command c : s.commands) {
      if (c instanceof TestScript.Load load) {
        for (TestScript.LoadedSeries ls : load.series()) {
          for (int i = 0; i < ls.times().length; i++) {
            storage.add(ls.labels(), ls.times()[i], ls.values()[i]);
          }
        }
      } else if (c instanceof TestScript.Eval e) {
        EvalRunner.run(engine, storage, e, "inline.test:" + e.line());
      }
    }
  }

  @Test
  void correctExpectationPasses() {
    assertDoesNotThrow(() -> runScript(LOAD + """

        eval instant at 50s metric
          metric{a="1"} 50
          metric{a="2"} 9

        eval instant at 50s sum(metric)
          {} 59

        eval instant at 0s 1 + 1
          2
        """));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // wrong value
      "eval instant at 50s metric\n  metric{a=\"1\"} 51\n  metric{a=\"2\"} 9\n",
      // missing series in the expectation
      "eval instant at 50s metric\n  metric{a=\"1\"} 50\n",
      // expected series that is not in the result
      "eval instant at 50s metric\n  metric{a=\"1\"} 50\n  metric{a=\"2\"} 9\n  metric{a=\"3\"} 1\n",
      // wrong labels (name dropped)
      "eval instant at 50s metric\n  {a=\"1\"} 50\n  {a=\"2\"} 9\n",
      // wrong scalar
      "eval instant at 0s 1 + 1\n  3\n",
      // a query that succeeds under eval_fail
      "eval_fail instant at 50s metric\n",
      // wrong order under eval_ordered
      "eval_ordered instant at 50s sort(metric)\n  metric{a=\"1\"} 50\n  metric{a=\"2\"} 9\n",
      // NaN is not a number
      "eval instant at 50s sum(metric)\n  {} NaN\n",
  })
  void wrongExpectationFails(String eval) {
    AssertionError e = assertThrows(AssertionError.class, () -> runScript(LOAD + "\n" + eval));
    assertTrue(e.getMessage().startsWith("inline.test:"), e.getMessage());
  }

  @Test
  void expandsSeriesNotation() {
    TestScript s = TestScript.parse("x.test", "load 1m\n  m 1+2x2 _ stale 3x1 -1-1x1 _x2 Inf\n");
    TestScript.LoadedSeries ls = ((TestScript.Load) s.commands.get(0)).series().get(0);
    assertEquals(Labels.of("__name__", "m"), ls.labels());
    long[] wantT = {0, 60_000, 120_000, 240_000, 300_000, 360_000, 420_000, 480_000, 660_000};
    double[] wantV = {1, 3, 5, StaleNaN.VALUE, 3, 3, -1, -2, Double.POSITIVE_INFINITY};
    List<Long> gotT = new ArrayList<>();
    for (long t : ls.times()) {
      gotT.add(t);
    }
    assertEquals(wantT.length, ls.times().length, "timestamps " + gotT);
    for (int i = 0; i < wantT.length; i++) {
      assertEquals(wantT[i], ls.times()[i], "t[" + i + "]");
      assertEquals(Double.doubleToRawLongBits(wantV[i]), Double.doubleToRawLongBits(ls.values()[i]), "v[" + i + "]");
    }
  }

  @Test
  void almostEqualFollowsPrometheus() {
    assertTrue(EvalRunner.almostEqual(Double.NaN, Double.NaN));
    assertTrue(EvalRunner.almostEqual(1.0, 1.0000001));
    assertFalse(EvalRunner.almostEqual(1.0, 1.00001));
    assertFalse(EvalRunner.almostEqual(0, 1e-300));
    assertTrue(EvalRunner.almostEqual(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
    assertFalse(EvalRunner.almostEqual(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
  }
}
