package io.promethium.promql.ast;

/** Aggregation operators; those with a parameter say so. */
public enum AggregateOp {
  SUM("sum", false),
  AVG("avg", false),
  COUNT("count", false),
  MIN("min", false),
  MAX("max", false),
  GROUP("group", false),
  STDDEV("stddev", false),
  STDVAR("stdvar", false),
  TOPK("topk", true),
  BOTTOMK("bottomk", true),
  COUNT_VALUES("count_values", true),
  QUANTILE("quantile", true);

  private final String text;
  private final boolean hasParam;

  AggregateOp(String text, boolean hasParam) {
    this.text = text;
    this.hasParam = hasParam;
  }

  public String text() {
    return text;
  }

  public boolean hasParam() {
    return hasParam;
  }

  /** The operator spelled {@code name} (case-insensitive, as Prometheus's lexer), or null. */
  public static AggregateOp fromText(String name) {
    for (AggregateOp op : values()) {
      if (op.text.equalsIgnoreCase(name)) {
        return op;
      }
    }
    return null;
  }
}
