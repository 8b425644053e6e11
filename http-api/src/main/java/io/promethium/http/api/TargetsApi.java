package io.promethium.http.api;

import io.promethium.core.config.PrometheusDuration;
import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.metadata.MetricMetadata;
import io.promethium.http.ActiveTarget;
import io.promethium.http.ApiBackend;
import io.promethium.http.ApiError;
import io.promethium.http.ApiRequest;
import io.promethium.http.ApiResponse;
import io.promethium.http.DroppedTarget;
import io.promethium.http.TargetRetriever;
import io.promethium.http.json.JsonWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code /api/v1/targets}, {@code /api/v1/scrape_pools}, {@code /api/v1/targets/metadata} and
 * {@code /api/v1/metadata}, read from the {@link TargetRetriever}; empty lists until one is wired.
 * Thread-safe.
 */
final class TargetsApi {
  private final ApiBackend backend;
  private final MatcherSets matcherSets;
  private final GlobalUrl globalUrl;

  TargetsApi(ApiBackend backend, MatcherSets matcherSets, GlobalUrl globalUrl) {
    this.backend = backend;
    this.matcherSets = matcherSets;
    this.globalUrl = globalUrl;
  }

  private List<ActiveTarget> active() {
    TargetRetriever r = backend.targets();
    List<ActiveTarget> list = r == null ? new ArrayList<>() : new ArrayList<>(r.activeTargets());
    // Prometheus lists pools in name order, targets within a pool in the manager's order.
    list.sort(Comparator.comparing(ActiveTarget::scrapePool));
    return list;
  }

  private List<DroppedTarget> dropped() {
    TargetRetriever r = backend.targets();
    List<DroppedTarget> list = r == null ? new ArrayList<>() : new ArrayList<>(r.droppedTargets());
    list.sort(Comparator.comparing(DroppedTarget::scrapePool));
    return list;
  }

  ApiResponse targets(ApiRequest req) {
    String state = req.formValue("state").toLowerCase();
    String pool = req.formValue("scrapePool");
    boolean showActive = state.isEmpty() || state.equals("any") || state.equals("active");
    boolean showDropped = state.isEmpty() || state.equals("any") || state.equals("dropped");
    List<ActiveTarget> act = showActive ? active() : List.of();
    List<DroppedTarget> drop = showDropped ? dropped() : List.of();
    TargetRetriever retriever = backend.targets();
    Map<String, Integer> droppedCounts = retriever == null ? Map.of()
        : new TreeMap<>(retriever.droppedTargetCounts());
    return JsonResponses.success(req, w -> {
      w.beginObject().name("activeTargets").beginArray();
      for (ActiveTarget t : act) {
        if (!pool.isEmpty() && !pool.equals(t.scrapePool())) {
          continue;
        }
        w.beginObject()
            .name("discoveredLabels").labels(t.discoveredLabels())
            .name("labels").labels(t.labels())
            .name("scrapePool").value(t.scrapePool())
            .name("scrapeUrl").value(t.scrapeUrl())
            .name("globalUrl").value(t.globalUrl() == null || t.globalUrl().isEmpty()
                ? globalUrl.of(t.scrapeUrl()) : t.globalUrl())
            .name("lastError").value(t.lastError() == null ? "" : t.lastError())
            .name("lastScrape").value(t.lastScrapeMillis() == 0 ? GoTime.ZERO : GoTime.format(t.lastScrapeMillis()))
            .name("lastScrapeDuration").number(t.lastScrapeDurationSeconds())
            .name("health").value(t.health())
            .name("scrapeInterval").value(PrometheusDuration.formatMillis(t.scrapeIntervalMillis()))
            .name("scrapeTimeout").value(PrometheusDuration.formatMillis(t.scrapeTimeoutMillis()))
            .endObject();
      }
      w.endArray().name("droppedTargets").beginArray();
      for (DroppedTarget t : drop) {
        if (!pool.isEmpty() && !pool.equals(t.scrapePool())) {
          continue;
        }
        w.beginObject().name("discoveredLabels").labels(t.discoveredLabels()).endObject();
      }
      w.endArray().name("droppedTargetCounts").beginObject();
      droppedCounts.forEach((k, v) -> w.name(k).value(v));
      w.endObject().endObject();
    });
  }

  ApiResponse scrapePools(ApiRequest req) {
    TargetRetriever retriever = backend.targets();
    Set<String> pools = retriever == null ? Set.of() : new TreeSet<>(retriever.scrapePools());
    return JsonResponses.success(req, w -> {
      w.beginObject().name("scrapePools").beginArray();
      for (String p : pools) {
        w.value(p);
      }
      w.endArray().endObject();
    });
  }

  private static int intParam(ApiRequest req, String name) {
    String s = req.formValue(name);
    if (s.isEmpty()) {
      return -1;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw ApiError.badData(name + " must be a number");
    }
  }

  private static Map<String, MetricMetadata> metadataOf(ActiveTarget t) {
    if (t.metadata() == null) {
      return Map.of();
    }
    Map<String, MetricMetadata> m = t.metadata().get();
    return m == null ? Map.of() : new TreeMap<>(m);
  }

  ApiResponse targetMetadata(ApiRequest req) {
    int limit = intParam(req, "limit");
    String matchTarget = req.formValue("match_target");
    List<Matcher> matchers = matchTarget.isEmpty() ? List.of() : matcherSets.parseOne(matchTarget, "match_target");
    String metric = req.formValue("metric");
    record Entry(Labels target, String metric, MetricMetadata md) {}
    List<Entry> res = new ArrayList<>();
    outer:
    for (ActiveTarget t : active()) {
      for (Matcher m : matchers) {
        String v = t.labels().get(m.name());
        if (!m.matches(v == null ? "" : v)) {
          continue outer;
        }
      }
      Map<String, MetricMetadata> md = metadataOf(t);
      if (metric.isEmpty()) {
        for (Map.Entry<String, MetricMetadata> e : md.entrySet()) {
          if (limit >= 0 && res.size() >= limit) {
            break outer;
          }
          res.add(new Entry(t.labels(), e.getKey(), e.getValue()));
        }
      } else if (md.containsKey(metric)) {
        if (limit >= 0 && res.size() >= limit) {
          break;
        }
        res.add(new Entry(t.labels(), null, md.get(metric)));
      }
    }
    return JsonResponses.success(req, w -> {
      w.beginArray();
      for (Entry e : res) {
        w.beginObject().name("target").labels(e.target());
        if (e.metric() != null) {
          w.name("metric").value(e.metric());
        }
        writeMetadataFields(w, e.md());
        w.endObject();
      }
      w.endArray();
    });
  }

  ApiResponse metricMetadata(ApiRequest req) {
    int limit = intParam(req, "limit");
    int perMetric = intParam(req, "limit_per_metric");
    String metric = req.formValue("metric");
    Map<String, Set<MetricMetadata>> byMetric = new TreeMap<>();
    for (ActiveTarget t : active()) {
      for (Map.Entry<String, MetricMetadata> e : metadataOf(t).entrySet()) {
        if (!metric.isEmpty() && !metric.equals(e.getKey())) {
          continue;
        }
        byMetric.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>()).add(e.getValue());
      }
    }
    return JsonResponses.success(req, w -> {
      w.beginObject();
      int n = 0;
      for (Map.Entry<String, Set<MetricMetadata>> e : byMetric.entrySet()) {
        if (limit >= 0 && n >= limit) {
          break;
        }
        n++;
        w.name(e.getKey()).beginArray();
        int k = 0;
        for (MetricMetadata md : e.getValue()) {
          if (perMetric > 0 && k >= perMetric) {
            break;
          }
          k++;
          w.beginObject();
          writeMetadataFields(w, md);
          w.endObject();
        }
        w.endArray();
      }
      w.endObject();
    });
  }

  private static void writeMetadataFields(JsonWriter w, MetricMetadata md) {
    w.name("type").value(md.type() == null ? "unknown" : md.type().text())
        .name("help").value(md.help() == null ? "" : md.help())
        .name("unit").value(md.unit() == null ? "" : md.unit());
  }
}
