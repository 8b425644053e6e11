package io.promethium.promql.promqltest;

import io.promethium.core.labels.Labels;
import io.promethium.core.storage.Storage;

/** Lets tests in other packages build a {@link MemoryStorage}. */
public final class MemoryStorageAccess {
  private MemoryStorageAccess() {}

  public static Storage create() {
    return new MemoryStorage();
  }

  public static void add(Storage s, Labels labels, long t, double v) {
    ((MemoryStorage) s).add(labels, t, v);
  }
}
