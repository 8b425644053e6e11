package io.promethium.http.api;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.http.ApiRequest;
import io.promethium.http.ApiResponse;
import io.promethium.http.metrics.QueryDurationSummary;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code /metrics}: the process's {@link MetricsRegistry} in text format 0.0.4, with the engine's query
 * duration summary (which the registry has no kind for) merged in at its place in name order.
 * Thread-safe.
 */
final class MetricsEndpoint {
  private final MetricsRegistry registry;
  private final QueryDurationSummary summary;

  MetricsEndpoint(MetricsRegistry registry, QueryDurationSummary summary) {
    this.registry = registry;
    this.summary = summary;
  }

  ApiResponse handle(ApiRequest req) {
    StringBuilder text = new StringBuilder(8192);
    registry.writeText(text);
    StringBuilder extra = new StringBuilder(1024);
    summary.writeText(extra);
    String merged = insertSorted(text, extra, QueryDurationSummary.NAME);
    ByteBuf buf = req.alloc().buffer(merged.length() + 16);
    buf.writeCharSequence(merged, StandardCharsets.UTF_8);
    return new ApiResponse(HttpResponseStatus.OK, FederationHandler.CONTENT_TYPE, buf, Map.of());
  }

  /** Inserts {@code family} before the first {@code # HELP} block whose name sorts after {@code name}. */
  static String insertSorted(CharSequence text, CharSequence family, String name) {
    String s = text.toString();
    int pos = 0;
    while (pos < s.length()) {
      if (s.startsWith("# HELP ", pos)) {
        int end = s.indexOf(' ', pos + 7);
        String n = s.substring(pos + 7, end < 0 ? s.length() : end);
        if (n.compareTo(name) > 0) {
          return s.substring(0, pos) + family + s.substring(pos);
        }
      }
      int nl = s.indexOf('\n', pos);
      if (nl < 0) {
        break;
      }
      pos = nl + 1;
    }
    return s + family;
  }
}
