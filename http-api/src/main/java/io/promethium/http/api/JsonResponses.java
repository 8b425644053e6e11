package io.promethium.http.api;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.promethium.http.ApiRequest;
import io.promethium.http.ApiResponse;
import io.promethium.http.json.JsonWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Builds {@code {"status":"success","data":…,"warnings":[…]}} responses. Stateless. */
final class JsonResponses {
  private JsonResponses() {}

  /** A success response whose {@code data} member {@code data} writes (exactly one JSON value). */
  static ApiResponse success(ApiRequest req, Consumer<JsonWriter> data, List<String> warnings) {
    ByteBuf buf = req.alloc().buffer(256);
    try {
      JsonWriter w = new JsonWriter(buf);
      w.beginObject().name("status").value("success").name("data");
      data.accept(w);
      if (warnings != null && !warnings.isEmpty()) {
        w.name("warnings").beginArray();
        for (String s : warnings) {
          w.value(s);
        }
        w.endArray();
      }
      w.endObject();
      return new ApiResponse(HttpResponseStatus.OK, ApiResponse.JSON, buf, Map.of());
    } catch (RuntimeException | Error e) {
      buf.release();
      throw e;
    }
  }

  static ApiResponse success(ApiRequest req, Consumer<JsonWriter> data) {
    return success(req, data, List.of());
  }

  /** A list of strings as data. */
  static ApiResponse strings(ApiRequest req, List<String> values, List<String> warnings) {
    return success(req, w -> {
      w.beginArray();
      for (String v : values) {
        w.value(v);
      }
      w.endArray();
    }, warnings);
  }
}
