package io.promethium.promql.compliance;

import io.promethium.core.json.JsonNumber;
import io.promethium.core.json.JsonReader;
import io.promethium.core.labels.Labels;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Prometheus as the reference: backfills a {@link DemoDataset} with {@code promtool tsdb
 * create-blocks-from openmetrics}, starts {@code prometheus} on that data directory on a loopback port with no
 * scrape targets (so the blocks are all it holds), and answers range and instant queries over {@code
 * /api/v1/query_range} and {@code /api/v1/query}.
 * Use from one thread; {@link #close()} stops the process.
 */
final class ReferencePrometheus implements AutoCloseable {
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Stops the process if the JVM exits without {@link #close()} (a killed test fork must not leave it running). */
  private final Thread exitHook;

  private ReferencePrometheus(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.base = URI.create("http://127.0.0.1:" + port);
    this.exitHook = new Thread(process::destroyForcibly, "prometheus-reference-stop");
    Runtime.getRuntime().addShutdownHook(exitHook);
  }

  static boolean available() {
    return Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL);
  }

  /** Backfills {@code data} into {@code work}/data and starts Prometheus on it; waits until it is ready. */
  static ReferencePrometheus start(DemoDataset data, Path work) throws IOException, InterruptedException {
    Path om = work.resolve("demo.om");
    OpenMetricsFile.write(data, om);
    Path dataDir = work.resolve("data");
    Files.createDirectories(dataDir);
    run(work, List.of(PROMTOOL.toString(), "tsdb", "create-blocks-from", "openmetrics", om.toString(),
        dataDir.toString()), Duration.ofSeconds(120));
    Path config = work.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 15s\n");
    // The port is free when we ask and taken by Prometheus a moment later; another process may win that race,
    // so a start that fails is tried once more on a new port.
    IOException first = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        return startOn(freePort(), config, dataDir, work.resolve("prometheus-" + attempt + ".log"));
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    throw first;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static ReferencePrometheus startOn(int port, Path config, Path dataDir, Path log)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(PROMETHEUS.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dataDir,
        "--storage.tsdb.retention.time=100y",
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ReferencePrometheus ref = new ReferencePrometheus(p, log, port);
    try {
      ref.awaitReady();
    } catch (IOException | RuntimeException | InterruptedException e) {
      ref.close();
      throw e;
    }
    return ref;
  }

  private static void run(Path dir, List<String> command, Duration timeout) throws IOException, InterruptedException {
    Path out = dir.resolve("promtool.log");
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + ": did not finish within " + timeout);
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + ": exit " + p.exitValue() + ": " + Files.readString(out));
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    HttpRequest req = HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("prometheus exited with " + process.exitValue() + ": " + logTail());
      }
      try {
        if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(100);
    }
    throw new IOException("prometheus not ready after " + READY_TIMEOUT + ": " + logTail());
  }

  String logTail() {
    try {
      String s = Files.readString(log);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Runs a range query. An API error is a failed result with its type and message; a transport failure throws
   * (it says nothing about PromQL).
   */
  RangeResult queryRange(String query, long startMillis, long endMillis, long stepMillis)
      throws IOException, InterruptedException {
    String form = "query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
        + "&start=" + OpenMetricsFile.seconds(startMillis)
        + "&end=" + OpenMetricsFile.seconds(endMillis)
        + "&step=" + OpenMetricsFile.seconds(stepMillis);
    HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/v1/query_range"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    return parseResponse(resp.body());
  }

  /** Runs an instant query at {@code timeMillis}; errors as in {@link #queryRange}. */
  RangeResult queryInstant(String query, long timeMillis) throws IOException, InterruptedException {
    String form = "query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
        + "&time=" + OpenMetricsFile.seconds(timeMillis);
    HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/v1/query"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    return parseResponse(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
  }

  @SuppressWarnings("unchecked")
  static RangeResult parseResponse(String body) {
    Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(body);
    if (!"success".equals(doc.get("status"))) {
      return RangeResult.failure(doc.get("errorType") + ": " + doc.get("error"));
    }
    Map<String, Object> data = (Map<String, Object>) doc.get("data");
    String type = (String) data.get("resultType");
    switch (type) {
      case "scalar", "string" -> {
        List<Object> point = (List<Object>) data.get("result");
        long t = millis(point.get(0));
        return type.equals("scalar")
            ? RangeResult.success(type, List.of(new RangeResult.Series(Labels.EMPTY, new long[] {t},
                new double[] {goFloat((String) point.get(1))})))
            : RangeResult.success(type, List.of(new RangeResult.Series(Labels.of("value", (String) point.get(1)),
                new long[] {t}, new double[] {0})));
      }
      case "matrix", "vector" -> { }
      default -> throw new IllegalArgumentException("unknown resultType " + type);
    }
    List<RangeResult.Series> out = new ArrayList<>();
    for (Object o : (List<Object>) data.get("result")) {
      Map<String, Object> s = (Map<String, Object>) o;
      Labels.Builder lb = Labels.builder();
      ((Map<String, Object>) s.get("metric")).forEach((k, v) -> lb.set(k, (String) v));
      List<Object> values = type.equals("vector") ? List.of(s.get("value"))
          : (List<Object>) s.getOrDefault("values", List.of());
      long[] t = new long[values.size()];
      double[] v = new double[values.size()];
      for (int i = 0; i < values.size(); i++) {
        List<Object> pair = (List<Object>) values.get(i);
        t[i] = millis(pair.get(0));
        v[i] = goFloat((String) pair.get(1));
      }
      out.add(new RangeResult.Series(lb.build(), t, v));
    }
    return RangeResult.success(type, out);
  }

  /** A JSON timestamp in seconds (up to millisecond precision) as milliseconds, without float rounding. */
  private static long millis(Object seconds) {
    return new BigDecimal(((JsonNumber) seconds).text()).movePointRight(3).longValueExact();
  }

  /** Parses Go's float spelling ({@code +Inf}, {@code -Inf}, {@code NaN}, decimal or exponent). */
  static double goFloat(String s) {
    return switch (s) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(exitHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: it stops the process.
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
