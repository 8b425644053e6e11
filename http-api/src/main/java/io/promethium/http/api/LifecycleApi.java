package io.promethium.http.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.promethium.http.ApiBackend;
import io.promethium.http.ApiRequest;
import io.promethium.http.ApiResponse;
import io.promethium.http.Lifecycle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /-/reload} and {@code /-/quit} (POST or PUT), behind {@code --web.enable-lifecycle}, with
 * Prometheus's plain-text answers. Thread-safe; quit is passed on at most once.
 */
final class LifecycleApi {
  private final boolean enabled;
  private final ApiBackend backend;
  private final AtomicBoolean quitting = new AtomicBoolean();

  LifecycleApi(boolean enabled, ApiBackend backend) {
    this.enabled = enabled;
    this.backend = backend;
  }

  ApiResponse onlyPostOrPut(ApiRequest req) {
    return ApiResponse.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "Only POST or PUT requests allowed");
  }

  private static ApiResponse forbidden() {
    return ApiResponse.text(HttpResponseStatus.FORBIDDEN, "Lifecycle API is not enabled.");
  }

  ApiResponse quit(ApiRequest req) {
    if (!enabled) {
      return forbidden();
    }
    Lifecycle l = backend.lifecycle();
    if (l == null) {
      return ApiResponse.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Service Unavailable");
    }
    if (!quitting.compareAndSet(false, true)) {
      return ApiResponse.text(HttpResponseStatus.OK, "Termination already in progress.");
    }
    l.quit();
    return ApiResponse.text(HttpResponseStatus.OK, "Requesting termination... Goodbye!");
  }

  ApiResponse reload(ApiRequest req) {
    if (!enabled) {
      return forbidden();
    }
    Lifecycle l = backend.lifecycle();
    if (l == null) {
      return ApiResponse.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "Service Unavailable");
    }
    try {
      l.reload();
    } catch (Exception e) {
      return ApiResponse.httpError(HttpResponseStatus.INTERNAL_SERVER_ERROR,
          "failed to reload config: " + e.getMessage());
    }
    return ApiResponse.text(HttpResponseStatus.OK, "");
  }
}
