package io.promethium.promql.compliance;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates random, mostly valid PromQL over the {@link DemoDataset} metrics for differential testing against
 * the real Prometheus ({@link PromqlComplianceTest#randomQueries}): selectors, range functions, aggregations,
 * binary operators with matching, subqueries and offsets. Deterministic for a seed. Not thread-safe.
 */
final class RandomQueries {
  private static final String[] GAUGES = {"demo_memory_usage_bytes", "demo_num_cpus", "demo_disk_usage_bytes",
      "demo_intermittent_metric", "demo_batch_last_success_timestamp_seconds"};
  private static final String[] COUNTERS = {"demo_cpu_usage_seconds_total", "demo_aligned_counter_total",
      "demo_api_request_duration_seconds_count"};
  private static final String[] RANGE_FUNCS = {"rate", "increase", "delta", "irate", "idelta", "deriv",
      "avg_over_time", "sum_over_time", "min_over_time", "max_over_time", "count_over_time", "stddev_over_time",
      "stdvar_over_time", "last_over_time", "changes", "resets", "present_over_time"};
  private static final String[] AGGS = {"sum", "avg", "min", "max", "count", "stddev", "stdvar", "group"};
  private static final String[] LABELS = {"instance", "job", "type", "mode"};
  private static final String[] RANGES = {"15s", "30s", "1m", "5m"};
  private static final String[] OPS = {"+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=", "and", "or",
      "unless"};
  private static final String[] FUNCS = {"abs", "ceil", "floor", "sqrt", "ln", "exp", "sgn", "round"};

  private final SplittableRandom rnd;

  RandomQueries(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  List<String> generate(int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(vector(3));
    }
    return out;
  }

  private <T> T pick(T[] a) {
    return a[rnd.nextInt(a.length)];
  }

  private String selector(boolean counter) {
    String name = counter ? pick(COUNTERS) : pick(GAUGES);
    return switch (rnd.nextInt(4)) {
      case 0 -> name + "{instance!=\"demo.promlabs.com:10001\"}";
      case 1 -> name + "{instance=~\".*:1000[02]\"}";
      default -> name;
    };
  }

  private String offset() {
    return switch (rnd.nextInt(6)) {
      case 0 -> " offset 1m";
      case 1 -> " offset 5m";
      default -> "";
    };
  }

  private String grouping() {
    StringBuilder sb = new StringBuilder(rnd.nextBoolean() ? " by (" : " without (");
    int n = rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(pick(LABELS));
    }
    return sb.append(") ").toString();
  }

  String vector(int depth) {
    int choice = depth <= 0 ? rnd.nextInt(2) : rnd.nextInt(9);
    return switch (choice) {
      case 0 -> selector(rnd.nextBoolean()) + offset();
      case 1 -> pick(RANGE_FUNCS) + "(" + selector(rnd.nextBoolean()) + "[" + pick(RANGES) + "]" + offset() + ")";
      case 2 -> pick(AGGS) + grouping() + "(" + vector(depth - 1) + ")";
      case 3 -> "(" + vector(depth - 1) + ") " + pick(OPS) + " " + scalar();
      case 4 -> {
        String op = pick(OPS);
        boolean set = op.equals("and") || op.equals("or") || op.equals("unless");
        String matching = rnd.nextInt(3) == 0 ? "" : (rnd.nextBoolean() ? " on(instance) " : " ignoring(type, mode) ");
        String group = !set && !matching.isEmpty() && rnd.nextInt(3) == 0 ? "group_left " : "";
        yield "(" + vector(depth - 1) + ") " + op + matching + group + " (" + vector(depth - 1) + ")";
      }
      case 5 -> pick(FUNCS) + "(" + vector(depth - 1) + ")";
      // No topk/bottomk: which of several equal values they keep changed after 2.42 (heap.Fix instead of
      // Pop+Push), and random data is full of ties. They are covered by the upstream scripts instead.
      case 6 -> "clamp_min(" + vector(depth - 1) + ", " + rnd.nextInt(1, 50) + ")";
      case 7 -> pick(new String[] {"avg_over_time", "max_over_time", "sum_over_time", "rate"}) + "(("
          + vector(depth - 1) + ")[" + pick(new String[] {"2m", "5m"}) + ":" + pick(new String[] {"10s", "30s", ""})
          + "]" + offset() + ")";
      default -> "quantile" + grouping() + "(" + pick(new String[] {"0.1", "0.5", "0.9"}) + ", " + vector(depth - 1) + ")";
    };
  }

  private String scalar() {
    return switch (rnd.nextInt(4)) {
      case 0 -> "time()";
      case 1 -> "scalar(sum(demo_num_cpus))";
      default -> Integer.toString(rnd.nextInt(1, 100));
    };
  }
}
