package io.promethium.http;

import java.util.List;

/**
 * The scrape manager as the API sees it: current active and dropped targets. The server adapts the
 * scrape module to it, as Prometheus's {@code web/api/v1/api.go} declares {@code TargetRetriever}.
 * Must be thread-safe; each call returns a snapshot the caller may keep.
 */
public interface TargetRetriever {
  List<ActiveTarget> activeTargets();

  List<DroppedTarget> droppedTargets();
}
