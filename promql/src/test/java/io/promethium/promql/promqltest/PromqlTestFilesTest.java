package io.promethium.promql.promqltest;

import io.promethium.promql.engine.Engine;
import io.promethium.promql.engine.EngineOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every upstream PromQL test script in {@code promethium.testdata/promql} (read in place), one dynamic
 * test per {@code eval}. Evaluations that need native histograms are skipped with the reason.
 */
class PromqlTestFilesTest {
  /** As Prometheus's test harness: 5m lookback, 10s subquery default step, generous limits. */
  static Engine testEngine() {
    return new Engine(new EngineOptions(Duration.ofMinutes(5), Duration.ofSeconds(100), 50_000_000L,
        Duration.ofMinutes(1)));
  }

  static Path testdataDir() {
    String prop = System.getProperty("promethium.testdata");
    Path p = prop != null ? Paths.get(prop) : Paths.get("../../shared/testdata");
    if (!Files.isDirectory(p)) {
      p = Paths.get("../../shared/testdata");
    }
    return p;
  }

  @TestFactory
  Stream<DynamicNode> upstreamScripts() throws IOException {
    Path dir = testdataDir().resolve("promql");
    Assumptions.assumeTrue(Files.isDirectory(dir), "upstream PromQL test data not found at " + dir);
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(f -> f.toString().endsWith(".test")).sorted().toList();
    }
    List<DynamicNode> containers = new ArrayList<>();
    for (Path f : files) {
      containers.add(DynamicContainer.dynamicContainer(f.getFileName().toString(), cases(f)));
    }
    return containers.stream();
  }

  /** One dynamic test per eval, each bound to a snapshot of the storage as the script had built it. */
  static List<DynamicTest> cases(Path file) throws IOException {
    String name = file.getFileName().toString();
    TestScript script = TestScript.parse(name, Files.readString(file));
    Engine engine = testEngine();
    List<DynamicTest> tests = new ArrayList<>();
    MemoryStorage storage = new MemoryStorage();
    boolean histograms = false;
    for (TestScript.Command c : script.commands) {
      if (c instanceof TestScript.Clear) {
        storage = new MemoryStorage();
        histograms = false;
      } else if (c instanceof TestScript.Load load) {
        storage = storage.copy();
        for (TestScript.LoadedSeries s : load.series()) {
          for (int i = 0; i < s.times().length; i++) {
            storage.add(s.labels(), s.times()[i], s.values()[i]);
          }
        }
        histograms |= load.nativeHistograms();
      } else if (c instanceof TestScript.Eval eval) {
        MemoryStorage snapshot = storage;
        boolean skip = histograms || eval.histogramExpectation();
        String where = name + ":" + eval.line();
        tests.add(DynamicTest.dynamicTest(where + " " + eval.expr(), () -> {
          Assumptions.assumeFalse(skip, "native histograms are not supported (series loaded with {{...}})");
          EvalRunner.run(engine, snapshot, eval, where);
        }));
      }
    }
    return tests;
  }
}
