import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Side-by-side scrape benchmark: serves N synthetic targets x M series on loopback, runs each given server
 * command (e.g. Debian's prometheus, then bin/promethium) against the same targets one after the other for
 * a fixed time, and reports CPU seconds per million ingested samples and resident memory per active series.
 *
 * <p>Single-file program, JDK only: {@code java benchmarks/harness/SideBySide.java --help}. CPU is read from
 * {@code /proc/<pid>/stat} (utime+stime of the process and its descendants) between the end of a warm-up
 * and the end of the run; samples from the server's own {@code prometheus_tsdb_head_samples_appended_total}
 * (falling back to the expected count when the server does not expose it); RSS from {@code VmRSS}; active
 * series from {@code prometheus_tsdb_head_series} (else the expected count).
 */
public final class SideBySide {
  private static int targets = 20;
  private static int series = 1000;
  private static long intervalMs = 5000;
  private static long durationMs = 60_000;
  private static long warmupMs = 20_000;
  private static boolean threads;
  private static final List<String[]> servers = new ArrayList<>();
  /** Per-thread CPU breakdowns, printed after the table so it stays one Markdown table. */
  private static final List<String> breakdowns = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--targets" -> targets = Integer.parseInt(args[++i]);
        case "--series" -> series = Integer.parseInt(args[++i]);
        case "--interval" -> intervalMs = millis(args[++i]);
        case "--duration" -> durationMs = millis(args[++i]);
        case "--warmup" -> warmupMs = millis(args[++i]);
        case "--threads" -> threads = true;
        case "--server" -> {
          String spec = args[++i];
          int eq = spec.indexOf('=');
          servers.add(new String[] {spec.substring(0, eq), spec.substring(eq + 1)});
        }
        default -> {
          usage();
          return;
        }
      }
    }
    if (servers.isEmpty()) {
      servers.add(new String[] {"prometheus", "/usr/bin/prometheus --config.file={config} "
          + "--storage.tsdb.path={data} --web.listen-address=127.0.0.1:{port}"});
    }
    long ticks = clockTicks();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<HttpServer> targetServers = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    for (int t = 0; t < targets; t++) {
      HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      int target = t;
      AtomicLong scrapes = new AtomicLong();
      s.createContext("/metrics", ex -> {
        byte[] body = body(target, scrapes.incrementAndGet());
        ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(body);
        }
      });
      s.setExecutor(pool);
      s.start();
      targetServers.add(s);
      addresses.add("127.0.0.1:" + s.getAddress().getPort());
    }
    System.out.printf(Locale.ROOT, "targets=%d series/target=%d interval=%dms warmup=%dms duration=%dms%n%n",
        targets, series, intervalMs, warmupMs, durationMs);
    System.out.println("| server | samples | CPU s | CPU s / 1M samples | RSS MiB | active series | RSS bytes / series |");
    System.out.println("|---|---|---|---|---|---|---|");
    try {
      for (String[] srv : servers) {
        System.out.println(run(srv[0], srv[1], addresses, ticks));
      }
      for (String b : breakdowns) {
        System.out.println();
        System.out.print(b);
      }
    } finally {
      for (HttpServer s : targetServers) {
        s.stop(0);
      }
      pool.shutdownNow();
    }
  }

  private static void usage() {
    System.out.println("""
        java benchmarks/harness/SideBySide.java [--targets N] [--series M] [--interval 5s] [--warmup 20s]
            [--duration 60s] [--threads] [--server 'name=command with {config} {data} {port}'] ...
        --threads also prints each server's CPU per thread group (thread names without trailing digits)
        between the end of the warm-up and the end of the run, in clock ticks.
        Default server: Debian's /usr/bin/prometheus. Example for ours:
          --server 'promethium=bin/promethium --config.file={config} --storage.tsdb.path={data} \\
                    --web.listen-address=127.0.0.1:{port}'""");
  }

  /** A target body: M counters in families of 100, values growing per scrape. */
  static byte[] body(int target, long scrape) {
    StringBuilder sb = new StringBuilder(series * 70);
    for (int j = 0; j < series; j++) {
      if (j % 100 == 0) {
        sb.append("# HELP harness_family").append(j / 100).append("_total A synthetic counter.\n");
        sb.append("# TYPE harness_family").append(j / 100).append("_total counter\n");
      }
      sb.append("harness_family").append(j / 100).append("_total{series=\"").append(j).append("\",shard=\"")
          .append(target % 7).append("\"} ").append(scrape * (j % 13 + 1)).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String run(String name, String commandTemplate, List<String> addresses, long ticks)
      throws Exception {
    Path dir = Files.createTempDirectory("side-by-side-" + name);
    Path config = dir.resolve("prometheus.yml");
    StringBuilder yml = new StringBuilder();
    yml.append("global:\n  scrape_interval: ").append(intervalMs).append("ms\n  scrape_timeout: ")
        .append(Math.min(intervalMs, 10_000)).append("ms\n");
    yml.append("scrape_configs:\n  - job_name: harness\n    static_configs:\n      - targets:\n");
    for (String a : addresses) {
      yml.append("          - ").append(a).append('\n');
    }
    Files.writeString(config, yml);
    int port = freePort();
    String cmd = commandTemplate.replace("{config}", config.toString())
        .replace("{data}", dir.resolve("data").toString()).replace("{port}", Integer.toString(port));
    Process p = new ProcessBuilder("/bin/sh", "-c", "exec " + cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile()).start();
    try {
      String base = "http://127.0.0.1:" + port;
      if (!waitReady(base, p)) {
        return "| " + name + " | failed to start, see " + dir.resolve("server.log") + " | | | | | |";
      }
      Thread.sleep(warmupMs);
      // The harness's own /metrics reads fall outside the CPU window (this one before it, the ones below
      // after it): the workload is scraping, and a server's first /metrics answer is not part of it.
      double samples0 = metric(base, "prometheus_tsdb_head_samples_appended_total");
      long cpu0 = cpuTicks(p.toHandle());
      Map<String, long[]> threads0 = threads ? threadTicks(p.toHandle()) : null;
      Thread.sleep(durationMs);
      long cpu1 = cpuTicks(p.toHandle());
      if (threads) {
        breakdowns.add(threadBreakdown(name, threads0, threadTicks(p.toHandle()), ticks));
      }
      double samples1 = metric(base, "prometheus_tsdb_head_samples_appended_total");
      double headSeries = metric(base, "prometheus_tsdb_head_series");
      long rss = rssBytes(p.toHandle());
      boolean estimated = Double.isNaN(samples0) || Double.isNaN(samples1);
      double samples = estimated ? (double) targets * (series + 5) * durationMs / intervalMs : samples1 - samples0;
      boolean seriesEstimated = Double.isNaN(headSeries);
      double active = seriesEstimated ? (double) targets * (series + 5) : headSeries;
      double cpuSec = (cpu1 - cpu0) / (double) ticks;
      return String.format(Locale.ROOT, "| %s | %.0f%s | %.2f | %.3f | %.1f | %.0f%s | %.0f |", name, samples,
          estimated ? " (expected)" : "", cpuSec, cpuSec / (samples / 1e6), rss / 1048576.0, active,
          seriesEstimated ? " (expected)" : "", rss / active);
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }

  private static boolean waitReady(String base, Process p) throws InterruptedException {
    HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && p.isAlive()) {
      for (String path : new String[] {"/-/ready", "/-/healthy"}) {
        try {
          HttpResponse<Void> r = c.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
              HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() == 200) {
            return true;
          }
        } catch (IOException e) {
          // not up yet
        }
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** Sum of a metric's samples in the server's /metrics, or NaN when it is not there. */
  static double metric(String base, String name) {
    try {
      HttpClient c = HttpClient.newHttpClient();
      String text = c.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      double sum = 0;
      boolean found = false;
      for (String line : text.split("\n")) {
        if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          found = true;
        }
      }
      return found ? sum : Double.NaN;
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  /** utime + stime in clock ticks of the process and all its descendants. */
  static long cpuTicks(ProcessHandle h) throws IOException {
    long sum = statTicks(h.pid());
    for (ProcessHandle d : (Iterable<ProcessHandle>) h.descendants()::iterator) {
      sum += statTicks(d.pid());
    }
    return sum;
  }

  private static long statTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the command name, which is in parentheses and may contain spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * utime and stime in clock ticks per thread group of the process and its descendants: threads named alike
   * but for a trailing number (scrape-worker-1, scrape-worker-2) form one group. A thread that ended in
   * between loses its ticks; the total line of the table still has them.
   */
  static Map<String, long[]> threadTicks(ProcessHandle h) {
    Map<String, long[]> out = new TreeMap<>();
    List<ProcessHandle> procs = new ArrayList<>();
    procs.add(h);
    h.descendants().forEach(procs::add);
    for (ProcessHandle ph : procs) {
      try (var tasks = Files.list(Path.of("/proc/" + ph.pid() + "/task"))) {
        for (Path task : (Iterable<Path>) tasks::iterator) {
          try {
            String stat = Files.readString(task.resolve("stat"));
            String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long[] t = out.computeIfAbsent(threadGroup(comm), k -> new long[2]);
            t[0] += Long.parseLong(f[11]);
            t[1] += Long.parseLong(f[12]);
          } catch (IOException | RuntimeException e) {
            // the thread ended
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }
    return out;
  }

  /**
   * The thread name without its trailing numbers and the separators before them: Netty's
   * {@code scrape-io-4-1} and {@code scrape-io-4-2} are both {@code scrape-io}.
   */
  static String threadGroup(String comm) {
    int end = comm.length();
    while (end > 0) {
      int e = end;
      while (e > 0 && Character.isDigit(comm.charAt(e - 1))) {
        e--;
      }
      if (e == end) {
        break;
      }
      while (e > 0 && "-_# ".indexOf(comm.charAt(e - 1)) >= 0) {
        e--;
      }
      end = e;
    }
    return end == 0 ? comm : comm.substring(0, end);
  }

  private static String threadBreakdown(String server, Map<String, long[]> before, Map<String, long[]> after,
      long ticks) {
    List<Map.Entry<String, long[]>> rows = new ArrayList<>();
    long user = 0;
    long sys = 0;
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] b = before.getOrDefault(e.getKey(), new long[2]);
      long[] d = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
      if (d[0] + d[1] > 0) {
        rows.add(Map.entry(e.getKey(), d));
        user += d[0];
        sys += d[1];
      }
    }
    rows.sort((x, y) -> Long.compare(y.getValue()[0] + y.getValue()[1], x.getValue()[0] + x.getValue()[1]));
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "CPU per thread group of %s in the measured window (1 tick = %d ms)%n%n",
        server, 1000 / ticks));
    sb.append("| thread group | user ticks | sys ticks | total | share |\n|---|---|---|---|---|\n");
    for (Map.Entry<String, long[]> r : rows) {
      long[] d = r.getValue();
      sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f%% |%n", r.getKey(), d[0], d[1], d[0] + d[1],
          100.0 * (d[0] + d[1]) / Math.max(1, user + sys)));
    }
    sb.append(String.format(Locale.ROOT, "| total | %d | %d | %d | 100%% |%n", user, sys, user + sys));
    return sb.toString();
  }

  static long rssBytes(ProcessHandle h) {
    long sum = vmRss(h.pid());
    for (ProcessHandle d : (Iterable<ProcessHandle>) h.descendants()::iterator) {
      sum += vmRss(d.pid());
    }
    return sum;
  }

  private static long vmRss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return 0;
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (Exception e) {
      return 100;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }

  private static long millis(String s) {
    if (s.endsWith("ms")) {
      return Long.parseLong(s.substring(0, s.length() - 2));
    }
    if (s.endsWith("s")) {
      return Long.parseLong(s.substring(0, s.length() - 1)) * 1000;
    }
    if (s.endsWith("m")) {
      return Long.parseLong(s.substring(0, s.length() - 1)) * 60_000;
    }
    return Long.parseLong(s);
  }
}
