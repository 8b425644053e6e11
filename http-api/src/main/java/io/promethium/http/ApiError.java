package io.promethium.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.promethium.http.json.JsonWriter;
import io.promethium.promql.engine.QueryException;
import java.util.Map;

/**
 * An API failure with Prometheus's error type and HTTP status ({@code web/api/v1/api.go} {@code
 * respondError}). Thrown by handlers and turned into {@code {"status":"error","errorType":…,"error":…}}.
 * Stackless: it reports bad input, not a bug.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Prometheus's error types with their HTTP status codes. */
  public enum Type {
    BAD_DATA("bad_data", HttpResponseStatus.BAD_REQUEST),
    EXECUTION("execution", HttpResponseStatus.UNPROCESSABLE_ENTITY),
    CANCELED("canceled", HttpResponseStatus.UNPROCESSABLE_ENTITY),
    TIMEOUT("timeout", HttpResponseStatus.SERVICE_UNAVAILABLE),
    UNAVAILABLE("unavailable", HttpResponseStatus.SERVICE_UNAVAILABLE),
    INTERNAL("internal", HttpResponseStatus.INTERNAL_SERVER_ERROR),
    NOT_FOUND("not_found", HttpResponseStatus.NOT_FOUND);

    private final String text;
    private final HttpResponseStatus status;

    Type(String text, HttpResponseStatus status) {
      this.text = text;
      this.status = status;
    }

    public String text() {
      return text;
    }

    public HttpResponseStatus status() {
      return status;
    }
  }

  private final Type type;

  public ApiError(Type type, String message) {
    super(message, null, false, false);
    this.type = type;
  }

  public static ApiError badData(String message) {
    return new ApiError(Type.BAD_DATA, message);
  }

  public static ApiError internal(String message) {
    return new ApiError(Type.INTERNAL, message);
  }

  public static ApiError unavailable(String message) {
    return new ApiError(Type.UNAVAILABLE, message);
  }

  /** Maps an engine failure onto the API's error types. */
  public static ApiError of(QueryException e) {
    Type t = switch (e.kind()) {
      case BAD_DATA -> Type.BAD_DATA;
      case TIMEOUT -> Type.TIMEOUT;
      case CANCELED -> Type.CANCELED;
      case EXECUTION -> Type.EXECUTION;
      case INTERNAL -> Type.INTERNAL;
    };
    return new ApiError(t, e.getMessage());
  }

  public Type type() {
    return type;
  }

  /** The JSON error response. */
  public ApiResponse toResponse(ByteBufAllocator alloc) {
    ByteBuf buf = alloc.buffer(128);
    new JsonWriter(buf).beginObject()
        .name("status").value("error")
        .name("errorType").value(type.text())
        .name("error").value(getMessage())
        .endObject();
    return new ApiResponse(type.status(), ApiResponse.JSON, buf, Map.of());
  }
}
