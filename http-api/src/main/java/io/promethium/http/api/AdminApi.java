package io.promethium.http.api;

import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.StorageException;
import io.promethium.http.ApiBackend;
import io.promethium.http.ApiError;
import io.promethium.http.ApiRequest;
import io.promethium.http.ApiResponse;
import io.promethium.http.TsdbAdmin;
import io.promethium.promql.parser.GoQuote;
import java.util.List;

/**
 * {@code /api/v1/admin/tsdb/*}: delete_series, clean_tombstones, snapshot. Off unless
 * {@code --web.enable-admin-api}, in which case each answers {@code unavailable}: {@code admin APIs
 * disabled}, as Prometheus. Success without data is {@code 204 No Content}. Thread-safe.
 */
final class AdminApi {
  private final boolean enabled;
  private final ApiBackend backend;
  private final MatcherSets matcherSets;

  AdminApi(boolean enabled, ApiBackend backend, MatcherSets matcherSets) {
    this.enabled = enabled;
    this.backend = backend;
    this.matcherSets = matcherSets;
  }

  private TsdbAdmin admin() {
    if (!enabled) {
      throw ApiError.unavailable("admin APIs disabled");
    }
    TsdbAdmin a = backend.tsdbAdmin();
    if (a == null) {
      throw ApiError.unavailable("TSDB not available yet");
    }
    return a;
  }

  ApiResponse deleteSeries(ApiRequest req) {
    TsdbAdmin admin = admin();
    List<String> match = req.params("match[]");
    if (match.isEmpty()) {
      throw ApiError.badData("no match[] parameter provided");
    }
    long start = ApiParams.timeParam(req, "start", ApiParams.MIN_TIME);
    long end = ApiParams.timeParam(req, "end", ApiParams.MAX_TIME);
    for (String s : match) {
      List<Matcher> matchers = matcherSets.parseOne(s, "match[]");
      try {
        admin.deleteSeries(start, end, matchers);
      } catch (StorageException e) {
        throw ApiError.internal(e.getMessage());
      }
    }
    return null;
  }

  ApiResponse cleanTombstones(ApiRequest req) {
    TsdbAdmin admin = admin();
    try {
      admin.cleanTombstones();
    } catch (StorageException e) {
      throw ApiError.internal(e.getMessage());
    }
    return null;
  }

  ApiResponse snapshot(ApiRequest req) {
    TsdbAdmin admin = admin();
    boolean skipHead = false;
    String s = req.formValue("skip_head");
    if (!s.isEmpty()) {
      skipHead = switch (s) {
        case "1", "t", "T", "TRUE", "true", "True" -> true;
        case "0", "f", "F", "FALSE", "false", "False" -> false;
        default -> throw ApiParams.invalidParam("skip_head",
            "unable to parse boolean: strconv.ParseBool: parsing " + GoQuote.quote(s) + ": invalid syntax");
      };
    }
    String name;
    try {
      name = admin.snapshot(!skipHead);
    } catch (StorageException e) {
      throw ApiError.internal("create snapshot: " + e.getMessage());
    }
    return JsonResponses.success(req, w -> w.beginObject().name("name").value(name).endObject());
  }
}
