package io.promethium.discovery.file;

import io.promethium.core.discovery.TargetGroup;
import io.promethium.core.labels.Labels;
import io.promethium.core.metrics.Counter;
import io.promethium.core.metrics.MetricFamily;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.discovery.Discoverer;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Prometheus's {@code file_sd_configs}: target groups read from JSON/YAML files matching patterns, re-read
 * when a watched directory changes and every refresh interval.
 *
 * <table>
 *   <caption>Behaviour</caption>
 *   <tr><th>aspect</th><th>rule</th></tr>
 *   <tr><td>patterns</td><td>a glob ({@code *}, {@code ?}, {@code [...]}) only in the last path element;
 *       files must end in {@code .json}, {@code .yml} or {@code .yaml}</td></tr>
 *   <tr><td>refresh</td><td>{@code refresh_interval} (default 5m) plus a {@link WatchService} on each
 *       pattern's directory</td></tr>
 *   <tr><td>group source</td><td>{@code path:index}; label {@code __meta_filepath} = path</td></tr>
 *   <tr><td>bad file</td><td>logged, counted in {@code prometheus_sd_file_read_errors_total}; its previous
 *       groups are kept</td></tr>
 *   <tr><td>removed file or group</td><td>an empty group is sent for each source that disappeared</td></tr>
 * </table>
 *
 * <p>Self-metrics: {@code prometheus_sd_file_read_errors_total}, {@code prometheus_sd_file_watcher_errors_total},
 * {@code prometheus_sd_file_mtime_seconds{filename}}. Runs one daemon thread between {@link #start} and
 * {@link #close}. Thread-safe.
 */
public final class FileDiscovery implements Discoverer {
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);
  private static final Logger LOG = Logger.getLogger(FileDiscovery.class.getName());

  private final List<String> patterns;
  private final Duration refresh;
  private final Counter readErrors;
  private final Counter watcherErrors;
  private final MetricFamily.Gauges mtime;
  /** Number of groups each file had at the last successful read. Touched only by the discovery thread. */
  private final Map<String, Integer> lastRefresh = new HashMap<>();
  private volatile boolean closed;
  private Thread thread;
  private WatchService watcher;

  /**
   * @param files file patterns (already resolved against the config file's directory)
   * @param refresh re-read period; {@code null} for the default 5m
   * @param metrics where to register self-metrics; {@code null} for a private registry
   */
  public FileDiscovery(List<String> files, Duration refresh, MetricsRegistry metrics) {
    for (String p : files) {
      checkPattern(p);
    }
    this.patterns = List.copyOf(files);
    this.refresh = refresh == null ? DEFAULT_REFRESH_INTERVAL : refresh;
    MetricsRegistry m = metrics == null ? new MetricsRegistry() : metrics;
    this.readErrors = m.counter("prometheus_sd_file_read_errors_total", "The number of File-SD read errors.");
    this.watcherErrors = m.counter("prometheus_sd_file_watcher_errors_total",
        "The number of File-SD errors caused by filesystem watch failures.");
    this.mtime = m.gaugeFamily("prometheus_sd_file_mtime_seconds",
        "Timestamp (mtime) of files read by FileSD. Timestamp is set at read time.", "filename");
  }

  public FileDiscovery(List<String> files, Duration refresh) {
    this(files, refresh, null);
  }

  /** Refuses a pattern with a glob before its last element or a wrong extension. */
  static void checkPattern(String pattern) {
    Path p = Path.of(pattern);
    Path parent = p.getParent();
    if (parent != null && hasGlob(parent.toString())) {
      throw new IllegalArgumentException("path name " + pattern + " is not valid for file discovery: a glob is"
          + " only allowed in the last path element");
    }
    String lower = pattern.toLowerCase(java.util.Locale.ROOT);
    if (!(lower.endsWith(".json") || lower.endsWith(".yml") || lower.endsWith(".yaml"))) {
      throw new IllegalArgumentException("path name " + pattern + " is not valid for file discovery");
    }
  }

  private static boolean hasGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }

  @Override
  public synchronized void start(Consumer<List<TargetGroup>> updates) {
    if (thread != null || closed) {
      throw new IllegalStateException("file discovery already started or closed");
    }
    try {
      watcher = FileSystems.getDefault().newWatchService();
      Set<Path> dirs = new HashSet<>();
      for (String p : patterns) {
        Path parent = Path.of(p).toAbsolutePath().getParent();
        if (dirs.add(parent)) {
          try {
            parent.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
          } catch (IOException e) {
            watcherErrors.inc();
            LOG.log(Level.WARNING, "file SD: cannot watch directory " + parent + ": " + e.getMessage()
                + "; relying on refresh_interval");
          }
        }
      }
    } catch (IOException e) {
      watcherErrors.inc();
      LOG.log(Level.WARNING, "file SD: cannot create a watch service: " + e.getMessage());
      watcher = null;
    }
    thread = new Thread(() -> run(updates), "file-sd");
    thread.setDaemon(true);
    thread.start();
  }

  private void run(Consumer<List<TargetGroup>> updates) {
    long nextRefresh = System.nanoTime() + refresh.toNanos();
    refreshAll(updates);
    while (!closed) {
      try {
        long waitNanos = Math.max(0, nextRefresh - System.nanoTime());
        WatchKey key = watcher == null ? sleep(waitNanos) : watcher.poll(waitNanos, TimeUnit.NANOSECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
          // Editors write in bursts (truncate, write, rename): take what else arrives in a moment at once.
          WatchKey more;
          while ((more = watcher.poll(50, TimeUnit.MILLISECONDS)) != null) {
            more.pollEvents();
            more.reset();
          }
          refreshAll(updates);
        } else if (System.nanoTime() - nextRefresh >= 0) {
          refreshAll(updates);
          nextRefresh = System.nanoTime() + refresh.toNanos();
        }
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      } catch (RuntimeException e) {
        // A consumer failure must not end discovery; report and carry on with the next event.
        LOG.log(Level.WARNING, "file SD: update failed: " + e);
      }
    }
  }

  private WatchKey sleep(long nanos) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(nanos);
    return null;
  }

  /** Re-reads every matching file and sends what changed (Prometheus's {@code refresh}). */
  void refreshAll(Consumer<List<TargetGroup>> updates) {
    Map<String, Integer> now = new HashMap<>();
    List<TargetGroup> out = new ArrayList<>();
    for (String f : listFiles()) {
      try {
        Path path = Path.of(f);
        mtime.labels(f).set(Files.getLastModifiedTime(path).toMillis() / 1000.0);
        List<TargetGroup> groups = TargetGroupFile.read(path, f);
        out.addAll(groups);
        now.put(f, groups.size());
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return; // interrupted by close(): not a bad file
        }
        readErrors.inc();
        LOG.log(Level.WARNING, "file SD: error reading file " + f + ": " + e.getMessage());
        Integer before = lastRefresh.get(f);
        if (before != null) {
          now.put(f, before); // keep its groups: send nothing for it, and do not clear them below
        }
      }
    }
    for (Map.Entry<String, Integer> e : lastRefresh.entrySet()) {
      int n = e.getValue();
      int m = now.getOrDefault(e.getKey(), 0);
      for (int i = m; i < n; i++) {
        out.add(new TargetGroup(e.getKey() + ":" + i, List.of(), Labels.EMPTY));
      }
      if (!now.containsKey(e.getKey())) {
        mtime.remove(e.getKey());
      }
    }
    lastRefresh.clear();
    lastRefresh.putAll(now);
    if (!out.isEmpty()) {
      updates.accept(out);
    }
  }

  /** Files matching the patterns, sorted and de-duplicated; a pattern that matches nothing is fine. */
  List<String> listFiles() {
    Set<String> out = new TreeSet<>();
    for (String p : patterns) {
      Path path = Path.of(p);
      String last = path.getFileName().toString();
      if (!hasGlob(last)) {
        if (Files.isRegularFile(path)) {
          out.add(p);
        }
        continue;
      }
      Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + goGlobToJava(last));
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path child : ds) {
          if (m.matches(child.getFileName()) && Files.isRegularFile(child)) {
            out.add(path.getParent() == null ? child.getFileName().toString() : child.toString());
          }
        }
      } catch (IOException e) {
        LOG.log(Level.FINE, "file SD: cannot list " + dir + ": " + e.getMessage());
      }
    }
    return new ArrayList<>(out);
  }

  /** Go's filepath.Match syntax in Java glob syntax: {@code [^x]} becomes {@code [!x]}, braces literal. */
  static String goGlobToJava(String g) {
    StringBuilder sb = new StringBuilder(g.length() + 4);
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '[' && i + 1 < g.length() && g.charAt(i + 1) == '^') {
        sb.append("[!");
        i++;
      } else if (c == '{' || c == '}' || c == ',') {
        sb.append('\\').append(c);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      t = thread;
    }
    try {
      if (watcher != null) {
        watcher.close();
      }
    } catch (IOException e) {
      LOG.log(Level.FINE, "file SD: closing watch service: " + e.getMessage());
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
