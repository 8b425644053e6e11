package io.promethium.http.api;

import io.promethium.http.ApiBackend;
import io.promethium.http.ApiError;
import io.promethium.http.ApiRequest;
import io.promethium.http.ApiResponse;
import io.promethium.http.BuildInfo;
import io.promethium.http.RuntimeInfo;
import io.promethium.http.TsdbStatus;
import io.promethium.http.json.JsonWriter;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code /api/v1/status/*} plus the rule, alert and Alertmanager listings (empty until rules and
 * notifications exist). Thread-safe.
 */
final class StatusApi {
  private final ApiBackend backend;
  private final long startMillis = ManagementFactory.getRuntimeMXBean().getStartTime();

  StatusApi(ApiBackend backend) {
    this.backend = backend;
  }

  ApiResponse config(ApiRequest req) {
    Supplier<String> yaml = backend.configYaml();
    String text = yaml == null ? "" : yaml.get();
    return JsonResponses.success(req, w -> w.beginObject().name("yaml").value(text == null ? "" : text).endObject());
  }

  ApiResponse flags(ApiRequest req) {
    Map<String, String> sorted = new TreeMap<>(backend.flags());
    return JsonResponses.success(req, w -> {
      w.beginObject();
      sorted.forEach((k, v) -> w.name(k).value(v));
      w.endObject();
    });
  }

  ApiResponse runtimeInfo(ApiRequest req) {
    Supplier<RuntimeInfo> s = backend.runtimeInfo();
    RuntimeInfo ri = s != null ? s.get() : new RuntimeInfo(startMillis, System.getProperty("user.dir"), true, 0, 0,
        Thread.activeCount(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(), "", "",
        "");
    return JsonResponses.success(req, w -> w.beginObject()
        .name("startTime").value(GoTime.format(ri.startTimeMillis()))
        .name("CWD").value(ri.cwd())
        .name("reloadConfigSuccess").value(ri.reloadConfigSuccess())
        .name("lastConfigTime").value(GoTime.format(ri.lastConfigTimeMillis()))
        .name("corruptionCount").value(ri.corruptionCount())
        .name("goroutineCount").value(ri.goroutineCount())
        .name("GOMAXPROCS").value(ri.gomaxprocs())
        .name("GOMEMLIMIT").value(ri.gomemlimit())
        .name("GOGC").value(ri.gogc())
        .name("GODEBUG").value(ri.godebug())
        .name("storageRetention").value(ri.storageRetention())
        .endObject());
  }

  ApiResponse buildInfo(ApiRequest req) {
    BuildInfo b = backend.buildInfo();
    return JsonResponses.success(req, w -> writeBuildInfo(w, b));
  }

  /** {@code /version}: the build info object alone, as Go's json.Encoder writes it (newline-terminated). */
  ApiResponse version(ApiRequest req) {
    BuildInfo b = backend.buildInfo();
    io.netty.buffer.ByteBuf buf = req.alloc().buffer(256);
    writeBuildInfo(new JsonWriter(buf), b);
    buf.writeByte('\n');
    return new ApiResponse(io.netty.handler.codec.http.HttpResponseStatus.OK, ApiResponse.JSON, buf, Map.of());
  }

  /** The build info object, shared by {@code /api/v1/status/buildinfo} and {@code /version}. */
  private static void writeBuildInfo(JsonWriter w, BuildInfo b) {
    w.beginObject()
        .name("version").value(b.version())
        .name("revision").value(b.revision())
        .name("branch").value(b.branch())
        .name("buildUser").value(b.buildUser())
        .name("buildDate").value(b.buildDate())
        .name("goVersion").value(b.goVersion())
        .endObject();
  }

  ApiResponse tsdb(ApiRequest req) {
    int limit = 10;
    String s = req.formValue("limit");
    if (!s.isEmpty()) {
      try {
        limit = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        limit = 0;
      }
      if (limit < 1) {
        throw ApiError.badData("limit must be a positive number");
      }
    }
    TsdbStatus status = backend.tsdbStatus();
    if (status == null) {
      throw ApiError.unavailable("TSDB not available yet");
    }
    TsdbStatus.Stats st = status.stats(limit);
    return JsonResponses.success(req, w -> {
      TsdbStatus.HeadStats h = st.head();
      w.beginObject().name("headStats").beginObject()
          .name("numSeries").value(h.numSeries())
          .name("numLabelPairs").value(h.numLabelPairs())
          .name("chunkCount").value(h.chunkCount())
          .name("minTime").value(h.minTime())
          .name("maxTime").value(h.maxTime())
          .endObject();
      stats(w, "seriesCountByMetricName", st.seriesCountByMetricName());
      stats(w, "labelValueCountByLabelName", st.labelValueCountByLabelName());
      stats(w, "memoryInBytesByLabelName", st.memoryInBytesByLabelName());
      stats(w, "seriesCountByLabelValuePair", st.seriesCountByLabelValuePair());
      w.endObject();
    });
  }

  private static void stats(JsonWriter w, String name, List<TsdbStatus.NameCount> list) {
    w.name(name).beginArray();
    if (list != null) {
      for (TsdbStatus.NameCount nc : list) {
        w.beginObject().name("name").value(nc.name()).name("value").value(nc.value()).endObject();
      }
    }
    w.endArray();
  }

  ApiResponse walReplay(ApiRequest req) {
    TsdbStatus status = backend.tsdbStatus();
    TsdbStatus.WalReplay r = status == null ? new TsdbStatus.WalReplay(0, 0, 0) : status.walReplay();
    return JsonResponses.success(req, w -> w.beginObject()
        .name("min").value(r.min()).name("max").value(r.max()).name("current").value(r.current()).endObject());
  }

  ApiResponse rules(ApiRequest req) {
    String typ = req.formValue("type").toLowerCase();
    if (!typ.isEmpty() && !typ.equals("alert") && !typ.equals("record")) {
      throw ApiParams.invalidParam("type", "not supported value \"" + typ + "\"");
    }
    return JsonResponses.success(req, w -> w.beginObject().name("groups").beginArray().endArray().endObject());
  }

  ApiResponse alerts(ApiRequest req) {
    return JsonResponses.success(req, w -> w.beginObject().name("alerts").beginArray().endArray().endObject());
  }

  ApiResponse alertmanagers(ApiRequest req) {
    return JsonResponses.success(req, w -> w.beginObject()
        .name("activeAlertmanagers").beginArray().endArray()
        .name("droppedAlertmanagers").beginArray().endArray()
        .endObject());
  }
}
