package io.promethium.promql.functions;

/**
 * The samples of one series that fall in one evaluation window of a range-vector function: the slice
 * {@code [from, to)} of two primitive arrays, plus the window bounds and scalar parameters of the call.
 *
 * <p>Mutable and reused across steps and series so evaluating a range function allocates nothing per step.
 * Not thread-safe. The arrays are owned by the caller and only valid during one {@link RangeFunction} call.
 */
public final class SampleWindow {
  /** Sample timestamps in milliseconds, increasing. */
  public long[] times;
  /** Sample values; stale markers are never included. */
  public double[] values;
  /** First sample of the window (inclusive). */
  public int from;
  /** End of the window (exclusive). */
  public int to;
  /** {@code ref - range}: the lower window bound in milliseconds. */
  public long rangeStart;
  /** The reference time (evaluation time minus offset, or the {@code @} time): the upper window bound. */
  public long rangeEnd;
  /** The evaluation step time in milliseconds (what Prometheus calls {@code enh.Ts}). */
  public long evalTime;
  /** The range of the selector in milliseconds. */
  public long range;
  /** First scalar parameter of the call at this step (e.g. the quantile or the smoothing factor). */
  public double param0;
  /** Second scalar parameter of the call at this step. */
  public double param1;

  public int size() {
    return to - from;
  }

  /** Points this window at a slice without copying. */
  public SampleWindow set(long[] times, double[] values, int from, int to) {
    this.times = times;
    this.values = values;
    this.from = from;
    this.to = to;
    return this;
  }
}
