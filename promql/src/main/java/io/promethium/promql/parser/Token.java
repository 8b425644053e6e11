package io.promethium.promql.parser;

/**
 * One lexed token: its type, its start (a char index into the input) and its text as written (for
 * {@link TokenType#ERROR}, the error message).
 */
record Token(TokenType type, int pos, String val) {
  int end() {
    return pos + val.length();
  }

  /** As Prometheus's {@code Item.String()}. */
  @Override
  public String toString() {
    switch (type) {
      case EOF:
        return "EOF";
      case ERROR:
        return val;
      case IDENTIFIER:
      case METRIC_IDENTIFIER:
        return GoQuote.quote(val);
      default:
        break;
    }
    return switch (type.group()) {
      case KEYWORD -> "<" + val + ">";
      case OPERATOR -> "<op:" + val + ">";
      case AGGREGATOR -> "<aggr:" + val + ">";
      default -> val.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 10
          ? GoQuote.quoteTruncated(val, 10) + "..."
          : GoQuote.quote(val);
    };
  }

  /** As Prometheus's {@code Item.desc()}: what "unexpected ..." messages name. */
  String describe() {
    if (type.text() != null) {
      return toString();
    }
    if (type == TokenType.EOF) {
      return type.describe();
    }
    return type.describe() + " " + this;
  }
}
