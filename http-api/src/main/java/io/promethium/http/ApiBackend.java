package io.promethium.http;

import io.promethium.core.labels.Labels;
import io.promethium.core.storage.Queryable;
import io.promethium.promql.engine.Engine;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Everything the web server reads from the rest of the process, each part a narrow interface the server
 * wires in. Parts may be set before or after {@link WebServer#start()} (Prometheus starts its web handler
 * before the TSDB is open); an endpoint whose part is still {@code null} answers {@code 503 unavailable}
 * or an empty result, as noted per setter. Thread-safe: every part is a volatile field.
 */
public final class ApiBackend {
  private volatile BooleanSupplier ready = () -> false;
  private volatile boolean stopping;
  private volatile QueryEngine engine;
  private volatile Queryable queryable;
  private volatile TargetRetriever targets;
  private volatile TsdbAdmin tsdbAdmin;
  private volatile TsdbStatus tsdbStatus;
  private volatile Supplier<String> configYaml;
  private volatile Map<String, String> flags = Map.of();
  private volatile Supplier<RuntimeInfo> runtimeInfo;
  private volatile BuildInfo buildInfo = BuildInfo.current();
  private volatile Lifecycle lifecycle;
  private volatile Supplier<Labels> externalLabels = () -> Labels.EMPTY;

  /** Readiness: until it returns true, {@code /-/ready}, the API and {@code /federate} answer 503. */
  public ApiBackend ready(BooleanSupplier v) {
    this.ready = v == null ? () -> false : v;
    return this;
  }

  /** The PromQL engine; query endpoints answer 503 until set. */
  public ApiBackend engine(Engine v) {
    this.engine = v == null ? null : QueryEngine.of(v);
    return this;
  }

  /** Any {@link QueryEngine} (tests, or an engine wrapper); replaces {@link #engine(Engine)}. */
  public ApiBackend queryEngine(QueryEngine v) {
    this.engine = v;
    return this;
  }

  /** The storage read by queries, series, labels and federation; those answer 503 until set. */
  public ApiBackend queryable(Queryable v) {
    this.queryable = v;
    return this;
  }

  /** The scrape targets; {@code /api/v1/targets} lists none until set. */
  public ApiBackend targets(TargetRetriever v) {
    this.targets = v;
    return this;
  }

  /** The TSDB admin operations; admin endpoints answer 503 until set. */
  public ApiBackend tsdbAdmin(TsdbAdmin v) {
    this.tsdbAdmin = v;
    return this;
  }

  /** Head cardinality; {@code /status/tsdb} answers 503 until set. */
  public ApiBackend tsdbStatus(TsdbStatus v) {
    this.tsdbStatus = v;
    return this;
  }

  /** The loaded configuration as YAML; {@code /status/config} answers an empty string until set. */
  public ApiBackend configYaml(Supplier<String> v) {
    this.configYaml = v;
    return this;
  }

  /** Flag name (without dashes) to value, for {@code /status/flags}. */
  public ApiBackend flags(Map<String, String> v) {
    this.flags = v == null ? Map.of() : Map.copyOf(v);
    return this;
  }

  /** Runtime figures; when unset the server reports what the JVM knows. */
  public ApiBackend runtimeInfo(Supplier<RuntimeInfo> v) {
    this.runtimeInfo = v;
    return this;
  }

  public ApiBackend buildInfo(BuildInfo v) {
    this.buildInfo = v == null ? BuildInfo.current() : v;
    return this;
  }

  /** Reload / quit callbacks; {@code /-/reload} answers 503 until set (when the lifecycle API is on). */
  public ApiBackend lifecycle(Lifecycle v) {
    this.lifecycle = v;
    return this;
  }

  /** The global external labels, added by {@code /federate}. */
  public ApiBackend externalLabels(Supplier<Labels> v) {
    this.externalLabels = v == null ? () -> Labels.EMPTY : v;
    return this;
  }

  /**
   * Marks the server as shutting down: from now on it is not ready, and 503 answers carry
   * {@code X-Prometheus-Stopping: true} (Prometheus's {@code Stopping} state).
   */
  public ApiBackend stopping() {
    this.stopping = true;
    return this;
  }

  public boolean isStopping() {
    return stopping;
  }

  public boolean isReady() {
    if (stopping) {
      return false;
    }
    try {
      return ready.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }

  public QueryEngine engine() {
    return engine;
  }

  public Queryable queryable() {
    return queryable;
  }

  public TargetRetriever targets() {
    return targets;
  }

  public TsdbAdmin tsdbAdmin() {
    return tsdbAdmin;
  }

  public TsdbStatus tsdbStatus() {
    return tsdbStatus;
  }

  public Supplier<String> configYaml() {
    return configYaml;
  }

  public Map<String, String> flags() {
    return flags;
  }

  public Supplier<RuntimeInfo> runtimeInfo() {
    return runtimeInfo;
  }

  public BuildInfo buildInfo() {
    return buildInfo;
  }

  public Lifecycle lifecycle() {
    return lifecycle;
  }

  public Labels externalLabels() {
    Labels l = externalLabels.get();
    return l == null ? Labels.EMPTY : l;
  }
}
