package io.promethium.server.cli;

import static io.promethium.server.cli.FlagDefinition.flag;
import static io.promethium.server.cli.FlagKind.BOOL;
import static io.promethium.server.cli.FlagKind.BYTES;
import static io.promethium.server.cli.FlagKind.DURATION;
import static io.promethium.server.cli.FlagKind.ENUM;
import static io.promethium.server.cli.FlagKind.FLOAT;
import static io.promethium.server.cli.FlagKind.INT;
import static io.promethium.server.cli.FlagKind.STRING;
import static io.promethium.server.cli.FlagKind.STRINGS;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags of the Prometheus 2.48 server, with its names, defaults and help, in its order. Flags that
 * only matter to parts Promethium lacks (agent mode, remote read, alert restoring) are accepted so
 * scripts and manifests keep working; {@code /api/v1/status/flags} reports all of them.
 */
final class PrometheusFlags {
  static final List<FlagDefinition> ALL =
      List.of(
          flag("help", BOOL, "false", "Show context-sensitive help (also try --help-long and --help-man)."),
          flag("help-long", BOOL, "false", "Generate long help.").hide(),
          flag("help-man", BOOL, "false", "Generate a man page.").hide(),
          flag("version", BOOL, "false", "Show application version."),
          flag("config.file", STRING, "prometheus.yml", "Prometheus configuration file path."),
          flag("web.listen-address", STRING, "0.0.0.0:9090", "Address to listen on for UI, API, and telemetry."),
          flag("web.config.file", STRING, "", "[EXPERIMENTAL] Path to configuration file that can enable TLS or"
              + " authentication. Not supported by Promethium: must stay empty."),
          flag("web.read-timeout", DURATION, "5m", "Maximum duration before timing out read of the request, and"
              + " closing idle connections."),
          flag("web.max-connections", INT, "512", "Maximum number of simultaneous connections."),
          flag("web.external-url", STRING, "", "The URL under which Prometheus is externally reachable (for"
              + " example, if Prometheus is served via a reverse proxy). Used for generating relative and absolute"
              + " links back to Prometheus itself. If the URL has a path portion, it will be used to prefix all"
              + " HTTP endpoints served by Prometheus. If omitted, relevant URL components will be derived"
              + " automatically.").placeholder("<URL>"),
          flag("web.route-prefix", STRING, "", "Prefix for the internal routes of web endpoints. Defaults to path"
              + " of --web.external-url.").placeholder("<path>"),
          flag("web.user-assets", STRING, "", "Path to static asset directory, available at /user.")
              .placeholder("<path>"),
          flag("web.enable-lifecycle", BOOL, "false", "Enable shutdown and reload via HTTP request."),
          flag("web.enable-admin-api", BOOL, "false", "Enable API endpoints for admin control actions."),
          flag("web.enable-remote-write-receiver", BOOL, "false", "Enable API endpoint accepting remote write"
              + " requests."),
          flag("web.console.templates", STRING, "consoles", "Path to the console template directory, available"
              + " at /consoles."),
          flag("web.console.libraries", STRING, "console_libraries", "Path to the console library directory."),
          flag("web.page-title", STRING, "Prometheus Time Series Collection and Processing Server",
              "Document title of Prometheus instance."),
          flag("web.cors.origin", STRING, ".*", "Regex for CORS origin. It is fully anchored. Example:"
              + " 'https?://(domain1|domain2)\\.com'"),
          flag("storage.tsdb.path", STRING, "data/", "Base path for metrics storage. Use with server mode only."),
          flag("storage.tsdb.min-block-duration", DURATION, "2h", "Minimum duration of a data block before being"
              + " persisted. For use in testing.").hide(),
          flag("storage.tsdb.max-block-duration", DURATION, null, "Maximum duration compacted blocks may span."
              + " For use in testing. (Defaults to 10% of the retention period.)").hide(),
          flag("storage.tsdb.max-block-chunk-segment-size", BYTES, "0B", "The maximum size for a single chunk"
              + " segment in a block. Example: 512MB").hide(),
          flag("storage.tsdb.wal-segment-size", BYTES, "0B", "Size at which to split the tsdb WAL segment files."
              + " Example: 100MB").hide(),
          flag("storage.tsdb.retention", DURATION, null, "[DEPRECATED] How long to retain samples in storage."
              + " This flag has been deprecated, use \"storage.tsdb.retention.time\" instead. Use with server mode"
              + " only."),
          flag("storage.tsdb.retention.time", DURATION, null, "How long to retain samples in storage. When this"
              + " flag is set it overrides \"storage.tsdb.retention\". If neither this flag nor"
              + " \"storage.tsdb.retention\" nor \"storage.tsdb.retention.size\" is set, the retention time"
              + " defaults to 15d. Units Supported: y, w, d, h, m, s, ms. Use with server mode only."),
          flag("storage.tsdb.retention.size", BYTES, null, "Maximum number of bytes that can be stored for"
              + " blocks. A unit is required, supported units: B, KB, MB, GB, TB, PB, EB. Ex: \"512MB\". Based on"
              + " powers-of-2, so 1KB is 1024B. Use with server mode only."),
          flag("storage.tsdb.no-lockfile", BOOL, "false", "Do not create lockfile in data directory. Use with"
              + " server mode only."),
          flag("storage.tsdb.head-chunks-write-queue-size", INT, "0", "Size of the queue through which head"
              + " chunks are written to the disk to be m-mapped, 0 disables the queue completely. Experimental."
              + " Use with server mode only."),
          flag("storage.tsdb.samples-per-chunk", INT, "120", "Target number of samples per chunk. Use with"
              + " server mode only.").hide(),
          flag("storage.tsdb.allow-overlapping-blocks", BOOL, "false", "[DEPRECATED] This flag has no effect."
              + " Overlapping blocks are enabled by default now.").hide(),
          flag("storage.tsdb.wal-compression", BOOL, "true", "Compress the tsdb WAL. Use with server mode only.")
              .hide(),
          flag("storage.tsdb.wal-compression-type", ENUM, "snappy", "Compression algorithm for the tsdb WAL."
              + " Use with server mode only.").choices("snappy", "zstd").hide(),
          flag("storage.agent.path", STRING, "data-agent/", "Base path for metrics storage. Use with agent mode"
              + " only."),
          flag("storage.agent.wal-compression", BOOL, "true", "Compress the agent WAL. Use with agent mode"
              + " only."),
          flag("storage.agent.retention.min-time", DURATION, null, "Minimum age samples may be before being"
              + " considered for deletion when the WAL is truncated Use with agent mode only."),
          flag("storage.agent.retention.max-time", DURATION, null, "Maximum age samples may be before being"
              + " forcibly deleted when the WAL is truncated Use with agent mode only."),
          flag("storage.agent.no-lockfile", BOOL, "false", "Do not create lockfile in data directory. Use with"
              + " agent mode only."),
          flag("storage.remote.flush-deadline", DURATION, "1m", "How long to wait flushing sample on shutdown or"
              + " config reload.").placeholder("<duration>"),
          flag("storage.remote.read-sample-limit", FLOAT, "5e7", "Maximum overall number of samples to return"
              + " via the remote read interface, in a single query. 0 means no limit. This limit is ignored for"
              + " streamed response types. Use with server mode only."),
          flag("storage.remote.read-concurrent-limit", INT, "10", "Maximum number of concurrent remote read"
              + " calls. 0 means no limit. Use with server mode only."),
          flag("storage.remote.read-max-bytes-in-frame", INT, "1048576", "Maximum number of bytes in a single"
              + " frame for streaming remote read response types before marshalling. Note that client might have"
              + " limit on frame size as well. 1MB as recommended by protobuf by default. Use with server mode"
              + " only."),
          flag("rules.alert.for-outage-tolerance", DURATION, "1h", "Max time to tolerate prometheus outage for"
              + " restoring \"for\" state of alert. Use with server mode only."),
          flag("rules.alert.for-grace-period", DURATION, "10m", "Minimum duration between alert and restored"
              + " \"for\" state. This is maintained only for alerts with configured \"for\" time greater than grace"
              + " period. Use with server mode only."),
          flag("rules.alert.resend-delay", DURATION, "1m", "Minimum amount of time to wait before resending an"
              + " alert to Alertmanager. Use with server mode only."),
          flag("rules.max-concurrent-evals", INT, "4", "Global concurrency limit for independent rules that can"
              + " run concurrently. Use with server mode only.").hide(),
          flag("alertmanager.timeout", STRING, "", "Timeout for sending alerts to Alertmanager.").hide(),
          flag("storage.agent.wal-segment-size", BYTES, "0B", "Size at which to split WAL segment files. Use with"
              + " agent mode only.").hide(),
          flag("storage.agent.wal-truncate-frequency", DURATION, "0s", "The frequency at which to truncate the"
              + " WAL and remove old data. Use with agent mode only.").hide(),
          flag("alertmanager.notification-queue-capacity", INT, "10000", "The capacity of the queue for pending"
              + " Alertmanager notifications. Use with server mode only."),
          flag("query.lookback-delta", DURATION, "5m", "The maximum lookback duration for retrieving metrics"
              + " during expression evaluations and federation. Use with server mode only."),
          flag("query.timeout", DURATION, "2m", "Maximum time a query may take before being aborted. Use with"
              + " server mode only."),
          flag("query.max-concurrency", INT, "20", "Maximum number of queries executed concurrently. Use with"
              + " server mode only."),
          flag("query.max-samples", INT, "50000000", "Maximum number of samples a single query can load into"
              + " memory. Note that queries will fail if they try to load more samples than this into memory, so"
              + " this also limits the number of samples a query can return. Use with server mode only."),
          flag("scrape.adjust-timestamps", BOOL, "true", "Adjust scrape timestamps by up to"
              + " `scrape.timestamp-tolerance` to align them to the intended schedule.").hide(),
          flag("scrape.timestamp-tolerance", DURATION, "2ms", "Timestamp tolerance.").hide(),
          flag("scrape.discovery-reload-interval", DURATION, "5s", "Interval used by scrape manager to throttle"
              + " target groups updates.").hide(),
          flag("enable-feature", STRINGS, "", "Comma separated feature names to enable. Valid options: agent,"
              + " exemplar-storage, expand-external-labels, memory-snapshot-on-shutdown, promql-at-modifier,"
              + " promql-negative-offset, promql-per-step-stats, promql-experimental-functions,"
              + " remote-write-receiver (DEPRECATED), extra-scrape-metrics, new-service-discovery-manager,"
              + " auto-gomaxprocs, no-default-scrape-port, native-histograms, otlp-write-receiver. See"
              + " https://prometheus.io/docs/prometheus/latest/feature_flags/ for more details.")
              .placeholder(" ..."),
          flag("log.level", ENUM, "info", "Only log messages with the given severity or above. One of: [debug,"
              + " info, warn, error]").choices("debug", "info", "warn", "error"),
          flag("log.format", ENUM, "logfmt", "Output format of log messages. One of: [logfmt, json]")
              .choices("logfmt", "json"));

  static final Map<String, FlagDefinition> BY_NAME;

  static {
    Map<String, FlagDefinition> m = new LinkedHashMap<>();
    for (FlagDefinition f : ALL) {
      m.put(f.name(), f);
    }
    BY_NAME = m;
  }

  private PrometheusFlags() {}
}
