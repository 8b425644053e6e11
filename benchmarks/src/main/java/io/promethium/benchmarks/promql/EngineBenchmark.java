package io.promethium.benchmarks.promql;

import io.promethium.core.labels.Labels;
import io.promethium.promql.engine.Engine;
import io.promethium.promql.engine.EngineOptions;
import io.promethium.promql.value.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Range queries over 6h with a 60s step (361 steps) on 10k counter series {@code x} and 10k classic
 * histogram bucket series {@code h_bucket} (1k instances × 10 buckets), samples every 15s (1,441 per series:
 * 14.4M per selector), served by {@link SyntheticStorage} (values computed, not stored).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EngineBenchmark -prof gc} from the repository
 * root. Results with their command are in {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class EngineBenchmark {
  static final long START = 1_700_000_000_000L;
  static final long END = START + 6 * 3_600_000L;
  static final long STEP = 60_000;

  private SyntheticStorage storage;
  private Engine engine;

  @Setup
  public void setup() {
    List<Labels> labels = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      labels.add(Labels.of("__name__", "x", "job", "job-" + (i % 10), "instance", "i-" + i));
      rates.add(1 + (i % 97) / 10.0);
    }
    String[] le = {"0.005", "0.01", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "10", "+Inf"};
    for (int i = 0; i < 1_000; i++) {
      for (int b = 0; b < le.length; b++) {
        labels.add(Labels.of("__name__", "h_bucket", "job", "job-" + (i % 10), "instance", "i-" + i, "le", le[b]));
        rates.add((b + 1) * (1 + (i % 13) / 10.0));
      }
    }
    double[] r = new double[rates.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = rates.get(i);
    }
    storage = new SyntheticStorage(labels, r, START - 3_600_000L, END, 15_000);
    engine = new Engine(EngineOptions.defaults());
  }

  private Matrix range(String q) {
    return (Matrix) engine.rangeQuery(storage, q, START, END, STEP).value();
  }

  @Benchmark
  public Matrix sumByJobRate() {
    return range("sum by (job) (rate(x[5m]))");
  }

  @Benchmark
  public Matrix histogramQuantile() {
    return range("histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))");
  }

  @Benchmark
  public Matrix regexSelector() {
    return range("x{instance=~\"i-1.*\"}");
  }

  @Benchmark
  public Matrix topk() {
    return range("topk(5, rate(x[5m]))");
  }
}
