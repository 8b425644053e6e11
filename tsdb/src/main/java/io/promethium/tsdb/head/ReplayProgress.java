package io.promethium.tsdb.head;

/**
 * WAL replay progress for {@code /api/v1/status/walreplay}: first and last segment to replay and the one
 * being read ({@code -1} before replay starts). Immutable snapshot.
 */
public record ReplayProgress(int min, int max, int current, boolean done) {
  public static final ReplayProgress NOT_STARTED = new ReplayProgress(-1, -1, -1, false);
}
