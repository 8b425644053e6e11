package io.promethium.scrape.testing;

import io.promethium.core.config.HttpClientConfig;
import io.promethium.core.config.RelabelConfig;
import io.promethium.core.config.ScrapeConfig;
import io.promethium.core.discovery.TargetGroup;
import io.promethium.core.labels.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Builds scrape configs and target groups for tests. Mutable builder; not thread-safe. */
public final class Jobs {
  public String name;
  public long intervalMillis = 200;
  public long timeoutMillis = 150;
  public String metricsPath = "/metrics";
  public String scheme = "http";
  public Map<String, List<String>> params = Map.of();
  public boolean honorLabels;
  public boolean honorTimestamps = true;
  public long sampleLimit;
  public long labelLimit;
  public long labelNameLengthLimit;
  public long labelValueLengthLimit;
  public long targetLimit;
  public long bodySizeLimit;
  public HttpClientConfig http = HttpClientConfig.DEFAULT;
  public List<RelabelConfig> relabel = new ArrayList<>();
  public List<RelabelConfig> metricRelabel = new ArrayList<>();

  public static Jobs job(String name) {
    Jobs j = new Jobs();
    j.name = name;
    return j;
  }

  public Jobs interval(long intervalMs, long timeoutMs) {
    intervalMillis = intervalMs;
    timeoutMillis = timeoutMs;
    return this;
  }

  public ScrapeConfig build() {
    return new ScrapeConfig(name, Duration.ofMillis(intervalMillis), Duration.ofMillis(timeoutMillis), metricsPath,
        scheme, params, honorLabels, honorTimestamps, sampleLimit, labelLimit, labelNameLengthLimit,
        labelValueLengthLimit, targetLimit, bodySizeLimit, http, List.of(), List.of(), List.of(), relabel,
        metricRelabel);
  }

  /** A group of targets given as label sets. */
  public static TargetGroup group(String source, Labels... targets) {
    return new TargetGroup(source, List.of(targets), Labels.EMPTY);
  }

  /** A target at an address, with optional extra labels (name, value, ...). */
  public static Labels target(String address, String... extra) {
    Labels.Builder b = Labels.builder().set("__address__", address);
    for (int i = 0; i < extra.length; i += 2) {
      b.set(extra[i], extra[i + 1]);
    }
    return b.build();
  }

  /** Polls until the condition holds or the time is up; returns whether it held. */
  public static boolean await(BooleanSupplier condition, long timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }
}
