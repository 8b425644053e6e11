package io.promethium.benchmarks.exposition;

import io.promethium.core.exposition.ExpositionParseException;
import io.promethium.core.exposition.ExpositionParser;
import io.promethium.core.exposition.OpenMetricsParser;
import io.promethium.core.exposition.PromTextParser;
import io.promethium.core.labels.Labels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parse throughput of the text 0.0.4 and OpenMetrics parsers, per sample (each benchmark's operation is one
 * sample, so {@code gc.alloc.rate.norm} is bytes allocated per sample). The scrape loop's steady state is
 * {@code next()} plus the series bytes and value, without {@code labels()}; the {@code WithLabels} variant
 * shows the cost of a scrape-cache miss on every sample.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PromTextParserBenchmark -f 1 -wi 3 -i 5 -prof gc}
 * from the repository root. MB/s = bytes per sample (printed at setup) / ns per sample × 1000.
 *
 * <table>
 *   <caption>Measured 2026-11-24, JDK 17, 2 cores shared by 8 builds (load 13-16): JMH wall-clock ns/sample
 *   (error bars ±50-100%), and CPU ns/sample from thread CPU time over 200 MB of parsing, steady state</caption>
 *   <tr><th>benchmark</th><th>bytes/sample</th><th>JMH ns</th><th>CPU ns</th><th>MB per CPU s</th>
 *       <th>B/sample allocated</th></tr>
 *   <tr><td>textNodeExporter10k</td><td>56.9</td><td>160</td><td>45</td><td>1270</td><td>≈0</td></tr>
 *   <tr><td>openMetricsNodeExporter10k</td><td>56.9</td><td>150</td><td>42</td><td>1360</td><td>≈0</td></tr>
 *   <tr><td>textPromtestdata</td><td>81.4</td><td>200</td><td>48</td><td>1680</td><td>≈0</td></tr>
 *   <tr><td>textNodeExporter10kWithLabels</td><td>56.9</td><td>550</td><td>-</td><td>-</td>
 *       <td>71 (the Labels)</td></tr>
 * </table>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PromTextParserBenchmark {
  private byte[] generated;
  private byte[] generatedOpenMetrics;
  private byte[] promtestdata;
  private PromTextParser text;
  private OpenMetricsParser openMetrics;
  private Labels.Builder builder;

  @Setup
  public void setup() {
    generated = ExpositionBodies.nodeExporterLike(false);
    generatedOpenMetrics = ExpositionBodies.nodeExporterLike(true);
    promtestdata = ExpositionBodies.promtestdata();
    text = new PromTextParser(generated);
    openMetrics = new OpenMetricsParser(generatedOpenMetrics);
    builder = Labels.builder();
    System.out.printf("%nbytes/sample: generated text %.1f, generated OpenMetrics %.1f, promtestdata %.1f%n",
        generated.length / (double) ExpositionBodies.GENERATED_SAMPLES,
        generatedOpenMetrics.length / (double) ExpositionBodies.GENERATED_SAMPLES,
        promtestdata.length / (double) ExpositionBodies.PROMTESTDATA_SAMPLES);
  }

  @Benchmark
  @OperationsPerInvocation(ExpositionBodies.GENERATED_SAMPLES)
  public void textNodeExporter10k(Blackhole bh) throws ExpositionParseException {
    text.reset(generated, 0, generated.length);
    drain(text, bh);
  }

  @Benchmark
  @OperationsPerInvocation(ExpositionBodies.PROMTESTDATA_SAMPLES)
  public void textPromtestdata(Blackhole bh) throws ExpositionParseException {
    text.reset(promtestdata, 0, promtestdata.length);
    drain(text, bh);
  }

  @Benchmark
  @OperationsPerInvocation(ExpositionBodies.GENERATED_SAMPLES)
  public void textNodeExporter10kWithLabels(Blackhole bh) throws ExpositionParseException {
    text.reset(generated, 0, generated.length);
    ExpositionParser.Entry e;
    while ((e = text.next()) != ExpositionParser.Entry.EOF) {
      if (e == ExpositionParser.Entry.SERIES) {
        bh.consume(text.labels(builder));
        bh.consume(text.value());
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ExpositionBodies.GENERATED_SAMPLES)
  public void openMetricsNodeExporter10k(Blackhole bh) throws ExpositionParseException {
    openMetrics.reset(generatedOpenMetrics, 0, generatedOpenMetrics.length);
    drain(openMetrics, bh);
  }

  /** The scrape loop's steady state: series bytes (for the cache lookup), value and timestamp. */
  private static void drain(ExpositionParser p, Blackhole bh) throws ExpositionParseException {
    ExpositionParser.Entry e;
    while ((e = p.next()) != ExpositionParser.Entry.EOF) {
      if (e == ExpositionParser.Entry.SERIES) {
        bh.consume(p.seriesEnd() - p.seriesStart());
        bh.consume(p.value());
        bh.consume(p.hasTimestamp());
      }
    }
  }
}
