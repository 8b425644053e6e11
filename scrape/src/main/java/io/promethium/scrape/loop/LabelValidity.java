package io.promethium.scrape.loop;

import io.promethium.core.labels.Labels;
import io.promethium.core.relabel.LabelName;

/**
 * Prometheus's legacy name rules for stored series: metric name {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label
 * names {@code [a-zA-Z_][a-zA-Z0-9_]*}. Checked on scrape-cache misses only. Stateless.
 */
final class LabelValidity {
  private LabelValidity() {}

  static boolean valid(Labels lset) {
    if (!validMetricName(lset.metricName())) {
      return false;
    }
    for (int i = 0; i < lset.size(); i++) {
      String n = lset.name(i);
      if (!n.equals(Labels.METRIC_NAME) && !LabelName.isValid(n)) {
        return false;
      }
    }
    return true;
  }

  static boolean validMetricName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
