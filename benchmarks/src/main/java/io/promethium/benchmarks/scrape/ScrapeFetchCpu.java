package io.promethium.benchmarks.scrape;

import com.sun.net.httpserver.HttpServer;
import io.promethium.scrape.client.ClientSettings;
import io.promethium.scrape.client.ScrapeClient;
import io.promethium.scrape.client.TargetClient;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Event-loop CPU per scrape of the scrape HTTP client against the side-by-side harness's targets (JDK
 * {@code HttpServer}, {@code Content-Length} bodies of 2,000 series, about 130 KB, no gzip): rounds of one
 * scrape per target, a pause between rounds so the loop sleeps as it does between real scrapes, and the
 * thread CPU time of the one {@code scrape-io} thread divided by the scrapes.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.promethium.benchmarks.scrape.ScrapeFetchCpu
 * [targets] [rounds] [pauseMillis]}. Thread CPU is the dependable figure on a shared machine.
 *
 * <p>Measured (JDK 17, 2 shared cores, 50 targets of 108 KB), before and after reads went into one 256 KiB
 * buffer per loop ({@code LoopReadBuffer}: one read per body instead of two, no pooled allocation per read)
 * and the request became a reused direct buffer written with the void promise: {@code 50 12 1500} (few
 * scrapes, code still partly interpreted, as at a 15 s interval) 121, 124, 133 → 96, 111, 107 µs/scrape;
 * {@code 50 60 250} (warm) 64.0 → 48.7 µs/scrape.
 */
public final class ScrapeFetchCpu {
  private ScrapeFetchCpu() {}

  public static void main(String[] args) throws Exception {
    int targets = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    long pause = args.length > 2 ? Long.parseLong(args[2]) : 20;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<HttpServer> servers = new ArrayList<>();
    List<URI> urls = new ArrayList<>();
    for (int t = 0; t < targets; t++) {
      HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      byte[] body = ScrapeAppendBenchmark.ManyTargets.harnessBody(t, 2000);
      s.createContext("/metrics", ex -> {
        ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(body);
        }
      });
      s.setExecutor(pool);
      s.start();
      servers.add(s);
      urls.add(URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/metrics"));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    try (ScrapeClient client = new ScrapeClient(1)) {
      List<TargetClient> clients = new ArrayList<>();
      for (URI u : urls) {
        clients.add(client.newTarget(u, ClientSettings.defaults()));
      }
      long ioThread = client.group().next().submit(() -> Thread.currentThread().getId()).get();
      int warm = Math.max(1, rounds / 4);
      long cpu0 = 0;
      long wall0 = 0;
      AtomicInteger failures = new AtomicInteger();
      for (int r = 0; r < warm + rounds; r++) {
        if (r == warm) {
          cpu0 = mx.getThreadCpuTime(ioThread);
          wall0 = System.nanoTime();
        }
        CountDownLatch done = new CountDownLatch(clients.size());
        for (TargetClient c : clients) {
          c.scrape(10_000, err -> {
            if (err != null) {
              failures.incrementAndGet();
            }
            c.releaseBody();
            done.countDown();
          });
          // Targets spread over the interval in a real run: one scrape at a time here.
          Thread.sleep(0, 200_000);
        }
        done.await();
        Thread.sleep(pause);
      }
      long cpu = mx.getThreadCpuTime(ioThread) - cpu0;
      long scrapes = (long) rounds * clients.size();
      System.out.printf(Locale.ROOT, "targets=%d rounds=%d scrapes=%d failures=%d io CPU %.1f us/scrape (wall %.1f s)%n",
          targets, rounds, scrapes, failures.get(), cpu / 1e3 / scrapes, (System.nanoTime() - wall0) / 1e9);
    } finally {
      for (HttpServer s : servers) {
        s.stop(0);
      }
      pool.shutdownNow();
    }
  }
}
