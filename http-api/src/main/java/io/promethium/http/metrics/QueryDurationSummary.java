package io.promethium.http.metrics;

import io.promethium.core.exposition.GoFloatFormat;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code prometheus_engine_query_duration_seconds}: Prometheus exposes it as a summary with quantiles
 * 0.5/0.9/0.99 over a sliding 10-minute window (client_golang's default MaxAge, 5 age buckets) and one
 * child per {@code slice}. Quantiles come from HdrHistograms (3 significant digits, nanoseconds), one per age
 * bucket, rotated every two minutes; {@code _sum} and {@code _count} are cumulative. Thread-safe: each
 * observation takes a short lock (one per query, not per sample).
 */
public final class QueryDurationSummary {
  public static final String NAME = "prometheus_engine_query_duration_seconds";
  /** Prometheus's slices, in the order it exposes them (sorted by label value). */
  public static final String[] SLICES = {"inner_eval", "prepare_time", "queue_time", "result_sort"};
  private static final double[] QUANTILES = {0.5, 0.9, 0.99};
  private static final int AGE_BUCKETS = 5;
  private static final long BUCKET_NANOS = TimeUnit.MINUTES.toNanos(2);

  private final Child[] children = new Child[SLICES.length];

  public QueryDurationSummary() {
    for (int i = 0; i < SLICES.length; i++) {
      children[i] = new Child();
    }
  }

  /** Records one duration for a slice (one of {@link #SLICES}). */
  public void observe(String slice, double seconds) {
    for (int i = 0; i < SLICES.length; i++) {
      if (SLICES[i].equals(slice)) {
        children[i].observe(seconds, System.nanoTime());
        return;
      }
    }
    throw new IllegalArgumentException("unknown slice " + slice);
  }

  /** Renders the family in text format 0.0.4. */
  public void writeText(StringBuilder out) {
    out.append("# HELP ").append(NAME).append(" Query timings\n");
    out.append("# TYPE ").append(NAME).append(" summary\n");
    long now = System.nanoTime();
    for (int i = 0; i < SLICES.length; i++) {
      children[i].writeText(out, SLICES[i], now);
    }
  }

  private static final class Child {
    private final Histogram[] buckets = new Histogram[AGE_BUCKETS];
    private int head;
    private long headStart = System.nanoTime();
    private double sum;
    private long count;

    Child() {
      for (int i = 0; i < AGE_BUCKETS; i++) {
        buckets[i] = new Histogram(3);
      }
    }

    private void rotate(long now) {
      while (now - headStart >= BUCKET_NANOS) {
        head = (head + 1) % AGE_BUCKETS;
        buckets[head].reset();
        headStart += BUCKET_NANOS;
        if (now - headStart > BUCKET_NANOS * AGE_BUCKETS) {
          // Idle for longer than the window: every bucket is stale.
          for (Histogram h : buckets) {
            h.reset();
          }
          headStart = now;
        }
      }
    }

    synchronized void observe(double seconds, long now) {
      rotate(now);
      long nanos = Math.max(0, (long) (seconds * 1e9));
      for (Histogram h : buckets) {
        h.recordValue(nanos);
      }
      sum += seconds;
      count++;
    }

    synchronized void writeText(StringBuilder out, String slice, long now) {
      rotate(now);
      // Every bucket holds all observations since it was last reset; the oldest one spans the window.
      Histogram window = buckets[(head + 1) % AGE_BUCKETS];
      for (double q : QUANTILES) {
        out.append(NAME).append("{slice=\"").append(slice).append("\",quantile=\"");
        GoFloatFormat.appendG(out, q);
        out.append("\"} ");
        if (window.getTotalCount() == 0) {
          out.append("NaN");
        } else {
          GoFloatFormat.appendG(out, window.getValueAtPercentile(q * 100) / 1e9);
        }
        out.append('\n');
      }
      out.append(NAME).append("_sum{slice=\"").append(slice).append("\"} ");
      GoFloatFormat.appendG(out, sum);
      out.append('\n');
      out.append(NAME).append("_count{slice=\"").append(slice).append("\"} ").append(count).append('\n');
    }
  }
}
