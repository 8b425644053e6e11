package io.promethium.benchmarks.tsdb;

import io.promethium.core.labels.Labels;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.Appender;
import io.promethium.tsdb.head.Head;
import io.promethium.tsdb.head.HeadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Head append into existing series with cached refs (a scrape cache hit): one appender per "scrape" of
 * {@link #SERIES} series, then commit (one WAL record when {@code wal} is true). Score is samples per
 * second on one thread.
 *
 * <pre>java -jar benchmarks/target-x/benchmarks.jar HeadAppendBenchmark -prof gc</pre>
 *
 * <p>Measured 2026-11-24 on the shared 2-core build machine (load average 9-14, so errors are wide),
 * JDK 17, {@code -wi 2 -w 2 -i 5 -r 2 -f 1}, several runs: wal=false 5.1-7.6M samples/s, wal=true (Snappy)
 * 2.7-4.7M samples/s;
 * {@code gc.alloc.rate.norm} about 7 B/sample, all of it per chunk (chunk buffers), none per sample.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HeadAppendBenchmark {
  static final int SERIES = 10_000;

  @Param({"true", "false"})
  public boolean wal;

  private Path dir;
  private Head head;
  private long[] refs;
  private Labels[] labels;
  private long t;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    dir = Files.createTempDirectory("head-append-bench");
    HeadOptions o = HeadOptions.defaults().withWal(wal, true, 128 * 1024 * 1024);
    head = Head.open(dir, o, new MetricsRegistry(), Long.MIN_VALUE);
    refs = new long[SERIES];
    labels = new Labels[SERIES];
    for (int i = 0; i < SERIES; i++) {
      labels[i] = Labels.of("__name__", "metric_" + (i % 100), "instance", "host-" + (i / 100), "job", "bench");
    }
    t = 0;
    scrape(); // create the series
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    head.close();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(SERIES)
  public void scrape() throws Exception {
    // 15 s scrape interval; the head stays in one chunk range window long enough for a run.
    t += 15_000;
    Appender a = head.appender();
    for (int i = 0; i < SERIES; i++) {
      refs[i] = a.append(refs[i], labels[i], t, i + t * 0.001);
    }
    a.commit();
  }
}
