package io.promethium.server;

import io.promethium.core.config.ConfigException;
import io.promethium.core.config.PrometheusConfig;
import io.promethium.core.config.PrometheusDuration;
import io.promethium.core.labels.Labels;
import io.promethium.core.log.Logger;
import io.promethium.core.metrics.Gauge;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.http.ApiBackend;
import io.promethium.http.BuildInfo;
import io.promethium.http.Lifecycle;
import io.promethium.http.RuntimeInfo;
import io.promethium.http.WebServer;
import io.promethium.http.WebServerOptions;
import io.promethium.discovery.DiscoveryManager;
import io.promethium.promql.engine.Engine;
import io.promethium.promql.engine.EngineOptions;
import io.promethium.scrape.loop.ScrapeManager;
import io.promethium.server.cli.Flags;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The server process: the one place that wires configuration, web server and (as they land) storage, query
 * engine and scrape manager, and owns their lifecycle — {@link #start()}, {@link #reload()} (SIGHUP and
 * {@code POST /-/reload}), {@link #stop()} (SIGTERM/SIGINT and {@code POST /-/quit}). Thread-safe: reload and
 * stop are serialised on this object.
 *
 * <p>Start order follows Prometheus: web server first (answering 503 on {@code /-/ready} until ready), then
 * storage, then config applied to the engine's and scrape manager's consumers, then ready.
 */
public final class Server implements Lifecycle {
  private static final Logger LOG = Logger.get(null);

  private final Flags flags;
  private final ConfigSource configSource;
  private final MetricsRegistry registry;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final long startTimeMillis = System.currentTimeMillis();
  private final Gauge lastReloadSuccessful;
  private final Gauge lastReloadSuccessTimestamp;
  private final Gauge readyGauge;

  private volatile PrometheusConfig config;
  /** The config as Prometheus prints it at /api/v1/status/config (defaults filled in), per load. */
  private volatile String configYaml;
  private volatile boolean lastReloadOk;
  private volatile long lastConfigTimeMillis;
  private volatile boolean ready;
  private WebServer web;
  private Tsdb tsdb;
  private ScrapeManager scrapeManager;
  private DiscoveryManager discoveryManager;
  private DiscoveryWiring discoveryWiring;
  private boolean stopping;

  /**
   * @param initialConfig the already validated configuration (Main loads it first, to exit early on errors)
   */
  Server(Flags flags, ConfigSource configSource, PrometheusConfig initialConfig, MetricsRegistry registry) {
    this.flags = flags;
    this.configSource = configSource;
    this.registry = registry;
    this.config = prepare(initialConfig);
    this.configYaml = io.promethium.core.config.ConfigYaml.marshal(config);
    this.lastReloadOk = true;
    this.lastConfigTimeMillis = System.currentTimeMillis();
    this.lastReloadSuccessful = registry.gauge("prometheus_config_last_reload_successful",
        "Whether the last configuration reload attempt was successful.");
    this.lastReloadSuccessTimestamp = registry.gauge("prometheus_config_last_reload_success_timestamp_seconds",
        "Timestamp of the last successful configuration reload.");
    this.readyGauge = registry.gauge("prometheus_ready", "Whether Prometheus startup was fully completed and the"
        + " server is ready for normal operation.");
    BuildInfo b = BuildInfo.current();
    registry.gaugeFamily("prometheus_build_info", "A metric with a constant '1' value labeled by version,"
            + " revision, branch, goversion from which prometheus was built, and the goos and goarch for the build.",
            "branch", "goarch", "goos", "goversion", "revision", "tags", "version")
        .labels(b.branch(), arch(), System.getProperty("os.name", "linux").toLowerCase(java.util.Locale.ROOT),
            b.goVersion(), b.revision(), "unknown", b.version())
        .set(1);
    registry.gaugeFunction("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
        () -> startTimeMillis / 1000.0);
    lastReloadSuccessful.set(1);
    lastReloadSuccessTimestamp.set(lastConfigTimeMillis / 1000.0);
  }

  private static String arch() {
    String a = System.getProperty("os.arch", "unknown");
    return a.equals("x86_64") || a.equals("amd64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
  }

  /** Starts every component; returns once the server is ready. */
  public synchronized void start() throws Exception {
    ApiBackend backend = new ApiBackend()
        .ready(() -> ready)
        .configYaml(() -> configYaml)
        .flags(flags.asMap())
        .buildInfo(BuildInfo.current())
        .lifecycle(this)
        .externalLabels(() -> config.global().externalLabels())
        .runtimeInfo(this::runtimeInfo);
    WebServerOptions.Builder wo = WebServerOptions.builder()
        .listenAddress(flags.listenAddress())
        .externalUrl(flags.externalUrl())
        .enableLifecycle(flags.enableLifecycle())
        .enableAdminApi(flags.enableAdminApi())
        .corsOrigin(flags.corsOrigin())
        .maxConnections(flags.maxConnections())
        .readTimeout(flags.readTimeout())
        .queryTimeout(flags.queryTimeout())
        .queryMaxConcurrency(flags.queryMaxConcurrency())
        .lookbackDelta(flags.lookbackDelta());
    if (flags.routePrefix() != null) {
      wo.routePrefix(flags.routePrefix());
    }
    web = new WebServer(wo.build(), backend, registry);
    web.start();

    // Opening the TSDB replays its WAL, filling the heap from nothing: let the heap grow in large steps
    // until ready, then give the room back (see ReplayHeapGrowth).
    ReplayHeapGrowth heapGrowth = new ReplayHeapGrowth();
    heapGrowth.begin();
    try {
      openComponents(backend);
      applyConfig(config);
      ready = true;
      readyGauge.set(1);
      LOG.info("Server is ready to receive web requests.");
    } finally {
      heapGrowth.end();
    }
  }

  /**
   * Opens storage, engine, scrape manager and discovery, Prometheus's order: the web server already answers
   * (503 on {@code /-/ready}) while the TSDB replays its WAL.
   */
  private void openComponents(ApiBackend backend) throws Exception {
    Path dataDir = Path.of(flags.storagePath());
    LOG.info("Starting TSDB ...");
    try {
      tsdb = Tsdb.open(dataDir, TsdbOptions.defaults()
          .withRetention(flags.retention())
          .withRetentionBytes(flags.retentionSize())
          .withBlockDurations(flags.minBlockDuration(), flags.maxBlockDuration())
          .withWalCompression(flags.walCompression())
          .withNoLockfile(flags.noLockfile())
          .withRegistry(registry));
    } catch (java.io.IOException e) {
      throw new java.io.IOException("opening storage failed: " + e.getMessage(), e);
    }
    LOG.info("TSDB started");
    TsdbApiAdapter tsdbApi = new TsdbApiAdapter(tsdb);
    Engine engine = new Engine(new EngineOptions(flags.lookbackDelta(), flags.queryTimeout(),
        flags.queryMaxSamples(), config.global().evaluationInterval()));
    backend.queryable(tsdb).tsdbAdmin(tsdbApi).tsdbStatus(tsdbApi).engine(engine);
    long seed = java.util.Objects.hash(config.global().externalLabels(), hostName());
    scrapeManager = new ScrapeManager(tsdb, ScrapeManager.Options.defaults().withRegistry(registry)
        .withOffsetSeed(seed));
    backend.targets(new ScrapeTargets(scrapeManager));
    ScrapeManager sm = scrapeManager;
    discoveryManager = new DiscoveryManager("scrape", sm::updateTargets, null, registry);
    discoveryWiring = new DiscoveryWiring(registry);
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  /** The port the web server listens on (useful with {@code :0}). */
  public int webPort() {
    return web == null ? -1 : web.boundPort();
  }

  /** The configuration in force. */
  public PrometheusConfig config() {
    return config;
  }

  /** Reloads the configuration; on failure the old one stays in force and the error is rethrown. */
  @Override
  public synchronized void reload() throws ConfigException {
    long t0 = System.nanoTime();
    LOG.info("Loading configuration file", "filename", configSource.name());
    PrometheusConfig next;
    try {
      next = prepare(configSource.load());
      applyConfig(next);
    } catch (ConfigException e) {
      lastReloadOk = false;
      lastReloadSuccessful.set(0);
      LOG.error("Error reloading config", "err", e);
      throw e;
    }
    config = next;
    configYaml = io.promethium.core.config.ConfigYaml.marshal(next);
    lastReloadOk = true;
    lastConfigTimeMillis = System.currentTimeMillis();
    lastReloadSuccessful.set(1);
    lastReloadSuccessTimestamp.set(lastConfigTimeMillis / 1000.0);
    LOG.info("Completed loading of configuration file", "filename", configSource.name(),
        "totalDuration", PrometheusDuration.formatMillis((System.nanoTime() - t0) / 1_000_000));
  }

  /** Applies flag-driven rewrites to a freshly loaded config. */
  private PrometheusConfig prepare(PrometheusConfig cfg) {
    if (flags.features().contains("expand-external-labels")) {
      return io.promethium.core.config.ConfigLoader.expandExternalLabels(cfg, System::getenv);
    }
    return cfg;
  }

  /** Hands a validated config to every component that consumes one. */
  private void applyConfig(PrometheusConfig cfg) throws ConfigException {
    // Sections Promethium parses and validates but has no component for: say so on every load.
    if (!cfg.ruleFiles().isEmpty()) {
      LOG.warn("rule_files are not evaluated: promethium has no rule engine", "rule_files", cfg.ruleFiles().size());
    }
    boolean alertmanagers = cfg.alerting().alertmanagers().stream().anyMatch(am -> !am.fileSdConfigs().isEmpty()
        || !am.kubernetesSdConfigs().isEmpty() || am.staticConfigs().stream().anyMatch(sc -> !sc.targets().isEmpty()));
    if (alertmanagers) {
      LOG.warn("alerting.alertmanagers is ignored: promethium sends no alerts");
    }
    if (!cfg.remoteWrite().isEmpty() || !cfg.remoteRead().isEmpty()) {
      LOG.warn("remote_write and remote_read are ignored: not implemented in promethium");
    }
    if (cfg.global().queryLogFile() != null) {
      LOG.warn("query_log_file is ignored: not implemented in promethium");
    }
    if (scrapeManager != null) {
      try {
        scrapeManager.applyConfig(cfg.scrapeConfigs());
      } catch (IllegalArgumentException e) {
        // e.g. an unreadable TLS file: Prometheus fails the reload and keeps the old config.
        throw new ConfigException(configSource.name(), 0, 0, "error applying scrape config: " + e.getMessage());
      }
      discoveryManager.applyConfig(discoveryWiring.discoverers(cfg.scrapeConfigs()));
    }
  }

  /** Asks the process to stop; {@link #awaitStop()} returns once it has. */
  @Override
  public void quit() {
    Thread t = new Thread(this::stop, "promethium-quit");
    t.start();
  }

  /** Stops every component in reverse start order; idempotent. */
  public void stop() {
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
      ready = false;
      readyGauge.set(0);
      // Reverse start order: no new targets, no new scrapes, then flush and close storage, web last.
      closeQuietly("discovery manager", discoveryManager);
      closeQuietly("scrape manager", scrapeManager);
      closeQuietly("TSDB", tsdb);
      if (web != null) {
        web.stop();
      }
    }
    stopped.countDown();
  }

  private static void closeQuietly(String what, AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.error("Error stopping " + what, "err", e);
    }
  }

  /** Blocks until {@link #stop()} has finished. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  private RuntimeInfo runtimeInfo() {
    Runtime rt = Runtime.getRuntime();
    String retention = PrometheusDuration.format(flags.retention());
    if (flags.retentionSize() > 0) {
      retention = (flags.isSet("storage.tsdb.retention.time") || flags.isSet("storage.tsdb.retention")
          ? retention + " or " : "") + io.promethium.core.config.ByteSize.format(flags.retentionSize());
    }
    return new RuntimeInfo(startTimeMillis, Path.of("").toAbsolutePath().toString(), lastReloadOk,
        lastConfigTimeMillis, 0, Thread.activeCount(), rt.availableProcessors(), rt.maxMemory(), "", "",
        retention);
  }

  /** External labels of the configuration in force. */
  public Labels externalLabels() {
    return config.global().externalLabels();
  }
}
