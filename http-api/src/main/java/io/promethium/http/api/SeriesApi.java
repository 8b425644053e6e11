package io.promethium.http.api;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.Queryable;
import io.promethium.core.storage.SelectHints;
import io.promethium.core.storage.SeriesSet;
import io.promethium.core.storage.StorageException;
import io.promethium.http.ApiBackend;
import io.promethium.http.ApiError;
import io.promethium.http.ApiRequest;
import io.promethium.http.ApiResponse;
import io.promethium.promql.parser.GoQuote;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/series}, {@code /api/v1/labels} and {@code /api/v1/label/<name>/values}: metadata reads
 * over a querier, with {@code match[]}, {@code start}, {@code end} and {@code limit}. Results are sorted and
 * de-duplicated across matcher sets; when {@code limit} cuts them, a warning says so. Thread-safe.
 */
final class SeriesApi {
  static final String TRUNCATED = "results truncated due to limit";
  private static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

  private final ApiBackend backend;
  private final MatcherSets matcherSets;

  SeriesApi(ApiBackend backend, MatcherSets matcherSets) {
    this.backend = backend;
    this.matcherSets = matcherSets;
  }

  private Queryable queryable() {
    Queryable q = backend.queryable();
    if (q == null) {
      throw ApiError.unavailable("storage not available yet");
    }
    return q;
  }

  ApiResponse series(ApiRequest req) {
    List<String> match = req.params("match[]");
    if (match.isEmpty()) {
      throw ApiError.badData("no match[] parameter provided");
    }
    long start = ApiParams.timeParam(req, "start", ApiParams.MIN_TIME);
    long end = ApiParams.timeParam(req, "end", ApiParams.MAX_TIME);
    int limit = ApiParams.limitParam(req);
    List<List<Matcher>> sets = matcherSets.parse(match, "match[]");
    SelectHints hints = new SelectHints(start, end, 0, "series", 0);
    TreeSet<Labels> all = new TreeSet<>();
    List<String> warnings = new ArrayList<>();
    try (Querier q = queryable().querier(start, end)) {
      for (List<Matcher> set : sets) {
        SeriesSet ss = q.select(true, hints, set.toArray(new Matcher[0]));
        while (ss.next()) {
          all.add(ss.at().labels());
        }
        warnings.addAll(ss.warnings());
        if (ss.error() != null) {
          throw new ApiError(ApiError.Type.EXECUTION, ss.error().getMessage());
        }
      }
    } catch (StorageException e) {
      throw new ApiError(ApiError.Type.EXECUTION, e.getMessage());
    }
    List<Labels> out = new ArrayList<>(all);
    if (limit > 0 && out.size() > limit) {
      out = out.subList(0, limit);
      warnings.add(TRUNCATED);
    }
    List<Labels> result = out;
    return JsonResponses.success(req, w -> {
      w.beginArray();
      for (Labels l : result) {
        w.labels(l);
      }
      w.endArray();
    }, warnings);
  }

  ApiResponse labelNames(ApiRequest req) {
    long start = ApiParams.timeParam(req, "start", ApiParams.MIN_TIME);
    long end = ApiParams.timeParam(req, "end", ApiParams.MAX_TIME);
    int limit = ApiParams.limitParam(req);
    List<List<Matcher>> sets = matcherSets.parse(req.params("match[]"), null);
    TreeSet<String> names = new TreeSet<>();
    try (Querier q = queryable().querier(start, end)) {
      if (sets.isEmpty()) {
        names.addAll(q.labelNames());
      } else {
        for (List<Matcher> set : sets) {
          names.addAll(q.labelNames(set.toArray(new Matcher[0])));
        }
      }
    } catch (StorageException e) {
      throw new ApiError(ApiError.Type.EXECUTION, e.getMessage());
    }
    return limited(req, names, limit);
  }

  ApiResponse labelValues(ApiRequest req) {
    String path = req.path();
    String prefix = "/api/v1/label/";
    String suffix = "/values";
    if (!path.startsWith(prefix) || !path.endsWith(suffix) || path.length() < prefix.length() + suffix.length()) {
      return ApiResponse.notFound();
    }
    String raw = path.substring(prefix.length(), path.length() - suffix.length());
    if (raw.contains("/")) {
      return ApiResponse.notFound();
    }
    String name = QueryStringDecoder.decodeComponent(raw);
    if (!LABEL_NAME.matcher(name).matches()) {
      throw ApiError.badData("invalid label name: " + GoQuote.quote(name));
    }
    long start = ApiParams.timeParam(req, "start", ApiParams.MIN_TIME);
    long end = ApiParams.timeParam(req, "end", ApiParams.MAX_TIME);
    int limit = ApiParams.limitParam(req);
    List<List<Matcher>> sets = matcherSets.parse(req.params("match[]"), null);
    TreeSet<String> values = new TreeSet<>();
    try (Querier q = queryable().querier(start, end)) {
      if (sets.isEmpty()) {
        values.addAll(q.labelValues(name));
      } else {
        for (List<Matcher> set : sets) {
          values.addAll(q.labelValues(name, set.toArray(new Matcher[0])));
        }
      }
    } catch (StorageException e) {
      throw new ApiError(ApiError.Type.EXECUTION, e.getMessage());
    }
    return limited(req, values, limit);
  }

  private static ApiResponse limited(ApiRequest req, TreeSet<String> sorted, int limit) {
    List<String> out = new ArrayList<>(sorted);
    List<String> warnings = new ArrayList<>();
    if (limit > 0 && out.size() > limit) {
      out = out.subList(0, limit);
      warnings.add(TRUNCATED);
    }
    return JsonResponses.strings(req, out, warnings);
  }
}
