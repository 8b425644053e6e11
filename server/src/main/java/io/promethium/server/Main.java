package io.promethium.server;


import io.promethium.core.config.ConfigException;
import io.promethium.core.config.PrometheusConfig;
import io.promethium.core.log.Logger;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.http.BuildInfo;
import io.promethium.server.cli.CommandLine;
import io.promethium.server.cli.ConfigCheck;
import io.promethium.server.cli.FlagException;
import io.promethium.server.cli.FlagParser;
import io.promethium.server.cli.Flags;
import io.promethium.server.cli.Usage;
import io.promethium.tsdb.backfill.OpenMetricsBackfill;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code promethium} executable: parses flags like Prometheus, loads the config (exit 1 with the error
 * if invalid), starts the {@link Server}, reloads on SIGHUP and stops cleanly on SIGTERM/SIGINT.
 */
public final class Main {
  private static final Logger LOG = Logger.get(null);
  /** Prometheus 2.48's feature names; Promethium accepts them all and implements none specially yet. */
  private static final java.util.Set<String> KNOWN_FEATURES = java.util.Set.of("agent", "exemplar-storage",
      "expand-external-labels", "memory-snapshot-on-shutdown", "promql-at-modifier", "promql-negative-offset",
      "promql-per-step-stats", "promql-experimental-functions", "remote-write-receiver", "extra-scrape-metrics",
      "new-service-discovery-manager", "auto-gomaxprocs", "no-default-scrape-port", "native-histograms",
      "otlp-write-receiver", "created-timestamp-zero-ingestion", "concurrent-rule-eval");

  private static final String NETTY_JFR = "io.netty.jfr.enabled";

  private Main() {}

  public static void main(String[] args) {
    // Netty's Flight Recorder events are off unless asked for: checking for them loads ~75 JFR classes
    // (metaspace the server keeps for good) and the server emits none of its own.
    if (System.getProperty(NETTY_JFR) == null) {
      System.setProperty(NETTY_JFR, "false");
    }
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line and returns the exit code (0 after a clean stop by signal or {@code /-/quit}). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length >= 3 && args[0].equals("tsdb") && args[1].equals("create-blocks-from")
        && args[2].equals("openmetrics")) {
      // Backfill, with promtool's arguments: tsdb create-blocks-from openmetrics INPUT [OUTPUT_DIR].
      return OpenMetricsBackfill.run(Arrays.copyOfRange(args, 3, args.length), out, err);
    }
    CommandLine cl;
    try {
      cl = FlagParser.parse(args);
    } catch (FlagException e) {
      err.println("promethium: error: " + e.getMessage() + ", try --help");
      return 1;
    }
    switch (cl.action()) {
      case HELP -> {
        Usage.print(out);
        return 0;
      }
      case VERSION -> {
        out.print(versionText());
        return 0;
      }
      case CHECK_CONFIG -> {
        return ConfigCheck.run(cl.files(), cl.syntaxOnly(), out, err);
      }
      default -> {
        return serve(cl.flags(), err);
      }
    }
  }

  static String versionText() {
    BuildInfo b = BuildInfo.current();
    return "promethium, version " + b.version() + " (branch: " + b.branch() + ", revision: " + b.revision() + ")\n"
        + "  build user:       " + b.buildUser() + "\n"
        + "  build date:       " + b.buildDate() + "\n"
        + "  java version:     " + System.getProperty("java.version") + "\n"
        + "  platform:         " + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/"
        + System.getProperty("os.arch") + "\n";
  }

  private static int serve(Flags flags, PrintStream err) {
    Logger.configure(flags.logLevel(), flags.logFormat(), err);
    JulBridge.install(flags.logLevel());
    BuildInfo b = BuildInfo.current();
    LOG.info("Starting Promethium Server", "mode", "server", "version",
        "(version=" + b.version() + ", branch=" + b.branch() + ", revision=" + b.revision() + ")");
    if (flags.features().contains("agent")) {
      LOG.error("Agent mode (--enable-feature=agent) is not supported by promethium");
      return 1;
    }
    for (String f : flags.features()) {
      if (f.equals("expand-external-labels") || f.equals("remote-write-receiver")) {
        continue; // honoured
      }
      if (!KNOWN_FEATURES.contains(f)) {
        LOG.warn("Unknown option for --enable-feature", "option", f);
      } else {
        LOG.info("Feature flag accepted but has no effect in promethium", "option", f);
      }
    }
    if (flags.isSet("storage.tsdb.retention")) {
      LOG.warn("The flag --storage.tsdb.retention is deprecated, use --storage.tsdb.retention.time instead");
    }
    if (!flags.isSet("storage.tsdb.retention") && !flags.isSet("storage.tsdb.retention.time")
        && flags.retentionSize() == 0) {
      LOG.info("No time or size retention was set so using the default time retention", "duration",
          io.promethium.core.config.PrometheusDuration.format(flags.retention()));
    }
    if (!flags.string("web.config.file").isEmpty()) {
      LOG.error("--web.config.file is not supported by promethium (TLS and basic auth on the web server)");
      return 1;
    }
    ConfigSource source = ConfigSource.forFlag(flags.configFile(), flags.isSet("config.file"));
    if (source.isEmbedded()) {
      LOG.info("No prometheus.yml in the working directory and no --config.file given: using the built-in"
          + " example config (scrapes localhost:9090)");
    }
    PrometheusConfig cfg;
    try {
      LOG.info("Loading configuration file", "filename", source.name());
      cfg = source.load();
      LOG.info("Completed loading of configuration file", "filename", source.name());
    } catch (ConfigException e) {
      LOG.error("Error loading config (--config.file=" + flags.configFile() + ")", "file", source.name(),
          "err", e);
      return 1;
    }
    Server server = new Server(flags, source, cfg, new MetricsRegistry());
    AtomicBoolean exiting = new AtomicBoolean();
    Signals.onTerminate(sig -> {
      if (exiting.compareAndSet(false, true)) {
        LOG.warn("Received SIG" + sig + ", exiting gracefully...");
      }
      server.stop();
    });
    // Fallback for terminations the handlers above do not see (e.g. System.exit elsewhere).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (exiting.compareAndSet(false, true)) {
        LOG.warn("Shutting down, exiting gracefully...");
        server.stop();
      }
    }, "promethium-shutdown"));
    Signals.onHangup(() -> {
      try {
        server.reload();
      } catch (ConfigException e) {
        // Already logged by reload; the old config stays in force, as in Prometheus.
      }
    });
    try {
      server.start();
    } catch (Exception e) {
      LOG.error("Error starting server", "err", e);
      exiting.set(true);
      server.stop();
      return 1;
    }
    try {
      server.awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exiting.set(true);
    LOG.info("See you next time!");
    return 0;
  }
}
