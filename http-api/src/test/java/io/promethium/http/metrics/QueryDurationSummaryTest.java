package io.promethium.http.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QueryDurationSummaryTest {
  @Test
  void emptySummaryPrintsNaNQuantilesAndZeroCounts() {
    StringBuilder sb = new StringBuilder();
    new QueryDurationSummary().writeText(sb);
    String text = sb.toString();
    assertTrue(text.startsWith("# HELP prometheus_engine_query_duration_seconds Query timings\n"
        + "# TYPE prometheus_engine_query_duration_seconds summary\n"
        + "prometheus_engine_query_duration_seconds{slice=\"inner_eval\",quantile=\"0.5\"} NaN\n"), text);
    assertTrue(text.contains("prometheus_engine_query_duration_seconds_count{slice=\"result_sort\"} 0\n"), text);
  }

  @Test
  void quantilesSumAndCountFollowObservations() {
    QueryDurationSummary s = new QueryDurationSummary();
    for (int i = 1; i <= 100; i++) {
      s.observe("queue_time", i / 1000.0);
    }
    StringBuilder sb = new StringBuilder();
    s.writeText(sb);
    String text = sb.toString();
    assertTrue(text.contains("{slice=\"queue_time\",quantile=\"0.5\"} 0.05"), text);
    assertTrue(text.contains("{slice=\"queue_time\",quantile=\"0.99\"} 0.099"), text);
    assertTrue(text.contains("prometheus_engine_query_duration_seconds_sum{slice=\"queue_time\"} 5.05"), text);
    assertTrue(text.contains("prometheus_engine_query_duration_seconds_count{slice=\"queue_time\"} 100\n"), text);
    assertTrue(text.contains("{slice=\"inner_eval\",quantile=\"0.9\"} NaN"), text);
    assertThrows(IllegalArgumentException.class, () -> s.observe("nope", 1));
  }
}
