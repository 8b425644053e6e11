package io.promethium.promql.ast;

/** PromQL value types, spelled as the HTTP API's {@code resultType}. */
public enum ValueType {
  SCALAR("scalar"),
  STRING("string"),
  VECTOR("vector"),
  MATRIX("matrix");

  private final String text;

  ValueType(String text) {
    this.text = text;
  }

  /** The name used in the API and in parser errors, e.g. {@code "instant vector"} uses {@link #documentedName()}. */
  public String text() {
    return text;
  }

  /** The name Prometheus uses in type-check errors: scalar, string, instant vector, range vector. */
  public String documentedName() {
    return switch (this) {
      case SCALAR -> "scalar";
      case STRING -> "string";
      case VECTOR -> "instant vector";
      case MATRIX -> "range vector";
    };
  }
}
