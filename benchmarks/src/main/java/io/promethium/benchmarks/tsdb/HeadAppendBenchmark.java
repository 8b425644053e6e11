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
 * {@code series} series, then commit (one WAL record when {@code wal} is true). Score is samples per
 * second on one thread.
 *
 * <pre>java -jar benchmarks/target-x/benchmarks.jar HeadAppendBenchmark -prof gc</pre>
 *
 * <p>On a shared machine wall-clock throughput is noisy; {@link #main} measures the appending thread's
 * CPU time per sample instead (the same loop, after min(1,000, half the scrapes) warm-up scrapes):
 *
 * <pre>java -XX:+UseSerialGC -cp benchmarks/target-x/benchmarks.jar io.promethium.benchmarks.tsdb.HeadAppendBenchmark 50000 true 2000</pre>
 *
 * <p>Thread CPU, 2026-11-24, JDK 17, {@code -XX:+UseSerialGC}, 50,000 series, 2,000 scrapes (1,000
 * measured), three runs each on the shared machine: before this session's head changes wal=true 102-130
 * ns/sample, wal=false 64-77; after (lock-free ref lookup in one array of stripe tables, batch buffers
 * in atomic slots instead of a queue, chunk tail byte kept in the chunk, Snappy table sized to the
 * record and Go's skip heuristic, one 8-byte store per record value) wal=true 77-85, wal=false 51-54.
 *
 * <p>Cold variant ({@code 100000 false 400 2000}: 50 "targets" of 2,000 series, each series' memory cold
 * when its target comes round), 2026-11-24, JDK 17, {@code -XX:+UseSerialGC -Xms1g -Xmx1g -Xmn256m}, four
 * alternating runs each, ns/sample: before the paged ref index, inline open chunk and int postings
 * wal=false 87-126, wal=true 119-130, 200k series wal=true 205-230; after 70-98, 100-111 and 119-135.
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
  /** 10,000 under JMH (the operations per invocation); {@link #main} sets others. */
  int series = 10_000;
  /** Series per appender (a target's scrape); all of them under JMH. */
  int batch = Integer.MAX_VALUE;

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
    refs = new long[series];
    labels = new Labels[series];
    for (int i = 0; i < series; i++) {
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
  @OperationsPerInvocation(10_000)
  public void scrape() throws Exception {
    // 15 s scrape interval; the head stays in one chunk range window long enough for a run.
    t += 15_000;
    for (int from = 0; from < series; from += batch) {
      int to = (int) Math.min(series, (long) from + batch);
      Appender a = head.appender();
      for (int i = from; i < to; i++) {
        refs[i] = a.append(refs[i], labels[i], t, i + t * 0.001);
      }
      a.commit();
    }
  }

  /**
   * Thread CPU per appended sample: {@code [series] [wal] [scrapes] [batch]}, defaults 50000 true 2000
   * and one appender for all series; a batch of 2,000 with 100,000+ series is a 15 s scrape of many
   * targets, each series' memory cold when its target comes round again.
   */
  public static void main(String[] args) throws Exception {
    HeadAppendBenchmark b = new HeadAppendBenchmark();
    b.series = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    b.wal = args.length <= 1 || Boolean.parseBoolean(args[1]);
    int scrapes = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    b.batch = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    b.setup();
    try {
      long start = 0;
      int warm = Math.min(1000, scrapes / 2);
      for (int s = 0; s < scrapes; s++) {
        if (s == warm) {
          start = mx.getCurrentThreadCpuTime();
        }
        b.scrape();
      }
      long cpu = mx.getCurrentThreadCpuTime() - start;
      System.out.printf("series=%d wal=%s scrapes=%d batch=%d thread CPU %.1f ns/sample%n", b.series, b.wal,
          scrapes - warm, b.batch, cpu / ((double) (scrapes - warm) * b.series));
    } finally {
      b.tearDown();
    }
  }
}
