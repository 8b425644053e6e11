package io.promethium.core.metadata;

/** Metric types of the text and OpenMetrics formats, with their spelling in {@code # TYPE} and the API. */
public enum MetricType {
  COUNTER("counter"),
  GAUGE("gauge"),
  HISTOGRAM("histogram"),
  GAUGE_HISTOGRAM("gaugehistogram"),
  SUMMARY("summary"),
  INFO("info"),
  STATESET("stateset"),
  UNKNOWN("unknown");

  private final String text;

  MetricType(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** The type for a {@code # TYPE} word ({@code untyped} is the 0.0.4 spelling of unknown), or null. */
  public static MetricType fromText(String s) {
    if (s.equals("untyped")) {
      return UNKNOWN;
    }
    for (MetricType t : values()) {
      if (t.text.equals(s)) {
        return t;
      }
    }
    return null;
  }
}
