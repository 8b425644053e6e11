package io.promethium.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A complete response: status, content type, body and extra headers. Owns {@code body} until it is written
 * (the dispatcher releases it on failure). Not thread-safe.
 */
public record ApiResponse(HttpResponseStatus status, String contentType, ByteBuf body, Map<String, String> headers) {
  public static final String TEXT_PLAIN = "text/plain; charset=utf-8";
  public static final String JSON = "application/json";

  /** A plain-text response (Go's {@code fmt.Fprintf(w, ...)}). */
  public static ApiResponse text(HttpResponseStatus status, String body) {
    return new ApiResponse(status, TEXT_PLAIN, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), Map.of());
  }

  /** A {@code 302 Found} to {@code location}. */
  public static ApiResponse redirect(String location) {
    String body = "<a href=\"" + location + "\">Found</a>.\n\n";
    return new ApiResponse(HttpResponseStatus.FOUND, "text/html; charset=utf-8",
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), Map.of("Location", location));
  }

  /** Go's {@code http.Error}: the message plus a newline, and {@code X-Content-Type-Options: nosniff}. */
  public static ApiResponse httpError(HttpResponseStatus status, String message) {
    return text(status, message + "\n").withHeader("X-Content-Type-Options", "nosniff");
  }

  /** Go's {@code http.NotFound}: {@code 404 page not found}. */
  public static ApiResponse notFound() {
    return httpError(HttpResponseStatus.NOT_FOUND, "404 page not found");
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> h = new java.util.LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, contentType, body, h);
  }
}
