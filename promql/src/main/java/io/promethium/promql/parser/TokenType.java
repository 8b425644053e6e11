package io.promethium.promql.parser;

/**
 * Kinds of PromQL tokens, grouped as Prometheus's lexer groups them (operators, aggregators, keywords,
 * preprocessors), because error messages print each group differently ({@code <op:+>}, {@code <aggr:sum>},
 * {@code <by>}).
 */
enum TokenType {
  EOF,
  ERROR,
  COMMENT,
  IDENTIFIER,
  METRIC_IDENTIFIER,
  NUMBER,
  DURATION,
  STRING,
  LEFT_PAREN("("),
  RIGHT_PAREN(")"),
  LEFT_BRACE("{"),
  RIGHT_BRACE("}"),
  LEFT_BRACKET("["),
  RIGHT_BRACKET("]"),
  COMMA(","),
  EQL("="),
  COLON(":"),

  // Operators.
  ADD("+", Group.OPERATOR),
  SUB("-", Group.OPERATOR),
  MUL("*", Group.OPERATOR),
  DIV("/", Group.OPERATOR),
  MOD("%", Group.OPERATOR),
  POW("^", Group.OPERATOR),
  EQLC("==", Group.OPERATOR),
  NEQ("!=", Group.OPERATOR),
  LTE("<=", Group.OPERATOR),
  LSS("<", Group.OPERATOR),
  GTE(">=", Group.OPERATOR),
  GTR(">", Group.OPERATOR),
  EQL_REGEX("=~", Group.OPERATOR),
  NEQ_REGEX("!~", Group.OPERATOR),
  AT("@", Group.OPERATOR),
  ATAN2("atan2", Group.OPERATOR),
  LAND("and", Group.OPERATOR),
  LOR("or", Group.OPERATOR),
  LUNLESS("unless", Group.OPERATOR),

  // Aggregators.
  AVG("avg", Group.AGGREGATOR),
  BOTTOMK("bottomk", Group.AGGREGATOR),
  COUNT("count", Group.AGGREGATOR),
  COUNT_VALUES("count_values", Group.AGGREGATOR),
  GROUP("group", Group.AGGREGATOR),
  MAX("max", Group.AGGREGATOR),
  MIN("min", Group.AGGREGATOR),
  QUANTILE("quantile", Group.AGGREGATOR),
  STDDEV("stddev", Group.AGGREGATOR),
  STDVAR("stdvar", Group.AGGREGATOR),
  SUM("sum", Group.AGGREGATOR),
  TOPK("topk", Group.AGGREGATOR),

  // Keywords.
  BOOL("bool", Group.KEYWORD),
  BY("by", Group.KEYWORD),
  GROUP_LEFT("group_left", Group.KEYWORD),
  GROUP_RIGHT("group_right", Group.KEYWORD),
  IGNORING("ignoring", Group.KEYWORD),
  OFFSET("offset", Group.KEYWORD),
  ON("on", Group.KEYWORD),
  WITHOUT("without", Group.KEYWORD),

  // Preprocessors of the @ modifier.
  START("start", Group.PREPROCESSOR),
  END("end", Group.PREPROCESSOR);

  enum Group {
    NONE,
    OPERATOR,
    AGGREGATOR,
    KEYWORD,
    PREPROCESSOR
  }

  private final String text;
  private final Group group;

  TokenType() {
    this(null, Group.NONE);
  }

  TokenType(String text) {
    this(text, Group.NONE);
  }

  TokenType(String text, Group group) {
    this.text = text;
    this.group = group;
  }

  /** The canonical spelling, or null for tokens whose text varies (identifiers, numbers, ...). */
  String text() {
    return text;
  }

  Group group() {
    return group;
  }

  /** The word of a keyword-like token (case-insensitive match), or null: see Prometheus's {@code key} map. */
  static TokenType keyword(String lowerWord) {
    return KEYWORDS.get(lowerWord);
  }

  private static final java.util.Map<String, TokenType> KEYWORDS = new java.util.HashMap<>();

  static {
    for (TokenType t : values()) {
      if (t.group != Group.NONE && Character.isLetter(t.text.charAt(0))) {
        KEYWORDS.put(t.text, t);
      }
    }
  }

  /** How the type is named in "unexpected ..." messages when it has no fixed spelling. */
  String describe() {
    return switch (this) {
      case ERROR -> "error";
      case EOF -> "end of input";
      case COMMENT -> "comment";
      case IDENTIFIER -> "identifier";
      case METRIC_IDENTIFIER -> "metric identifier";
      case STRING -> "string";
      case NUMBER -> "number";
      case DURATION -> "duration";
      default -> GoQuote.quote(text);
    };
  }
}
