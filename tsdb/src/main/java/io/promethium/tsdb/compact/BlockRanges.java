package io.promethium.tsdb.compact;

import java.util.Arrays;

/**
 * The block durations the compactor builds, as Prometheus computes them: {@code 2h, 6h, 18h, 54h, ...}
 * (each step ×3, 10 steps), cut at the maximum block duration, which defaults to 10% of the retention
 * time and at most 31 days. Stateless.
 */
public final class BlockRanges {
  public static final long TWO_HOURS = 2 * 3600 * 1000L;
  public static final long MAX_BLOCK_DURATION_CAP = 31 * 24 * 3600 * 1000L;

  private BlockRanges() {}

  /** {@code steps} ranges starting at {@code min}, each {@code factor} times the previous. */
  public static long[] exponential(long min, int steps, int factor) {
    long[] r = new long[steps];
    long cur = min;
    for (int i = 0; i < steps; i++) {
      r[i] = cur;
      cur *= factor;
    }
    return r;
  }

  /** Prometheus's default maximum block duration for a retention: 10% of it, capped at 31 days. */
  public static long maxBlockDuration(long retentionMillis) {
    long d = retentionMillis / 10;
    return Math.min(d, MAX_BLOCK_DURATION_CAP);
  }

  /** The ranges the server uses: exponential from {@code min}, without those above {@code maxDuration}. */
  public static long[] forMaxDuration(long min, long maxDuration) {
    long[] all = exponential(min, 10, 3);
    int n = 0;
    while (n < all.length && all[n] <= maxDuration) {
      n++;
    }
    return Arrays.copyOf(all, Math.max(n, 1));
  }
}
