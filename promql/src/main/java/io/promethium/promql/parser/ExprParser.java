package io.promethium.promql.parser;

import io.promethium.core.exposition.GoFloatFormat;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.AggregateOp;
import io.promethium.promql.ast.AtModifier;
import io.promethium.promql.ast.BinaryExpr;
import io.promethium.promql.ast.BinaryOp;
import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.FunctionSignature;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.NumberLiteral;
import io.promethium.promql.ast.ParenExpr;
import io.promethium.promql.ast.StringLiteral;
import io.promethium.promql.ast.SubqueryExpr;
import io.promethium.promql.ast.UnaryExpr;
import io.promethium.promql.ast.ValueType;
import io.promethium.promql.ast.VectorMatching;
import io.promethium.promql.ast.VectorSelector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent (precedence climbing) PromQL parser producing the {@code ast} records.
 *
 * <p>Prometheus's yacc parser reports errors two ways, and this class mirrors both: a syntax error stops the
 * parse at once ("unexpected ..."), while semantic errors found while building nodes (unknown function,
 * bad range, ...) are remembered and parsing goes on; the first error recorded is the one reported. Node
 * positions, needed for error positions, live in an identity map beside the immutable records. One instance
 * per input; not thread-safe.
 */
final class ExprParser {
  /** Char positions [start, end) of a node in the input; {@link ParseException} converts them to bytes. */
  record Span(int start, int end) {}

  /** The {@code bool}/{@code on}/{@code group_x} modifiers as written, before type normalisation. */
  record BinaryModifiers(boolean returnBool, boolean on, List<String> matchingLabels,
      VectorMatching.Cardinality card, List<String> include) {}

  private static final FunctionSignature UNKNOWN_FUNCTION =
      new FunctionSignature("unknown", List.of(), -1, ValueType.VECTOR);
  private static final String METRIC_NAME = "__name__";

  private final String input;
  private final Lexer lexer;
  private Token peeked;
  private Token last;
  private ParseException firstError;
  private final Deque<String> errorContexts = new ArrayDeque<>();
  final Map<Expr, Span> spans = new IdentityHashMap<>();
  final Map<BinaryExpr, BinaryModifiers> binaryModifiers = new IdentityHashMap<>();
  /**
   * Types of operator nodes, computed once when built: {@code Expr.type()} of a long operator chain would
   * recurse down the whole chain on every call.
   */
  private final Map<Expr, ValueType> types = new IdentityHashMap<>();

  ExprParser(String input) {
    this.input = input;
    this.lexer = new Lexer(input);
  }

  String input() {
    return input;
  }

  /** Parses a whole expression and type-checks it. */
  Expr parseExpression() {
    if (peek().type() == TokenType.EOF) {
      throw new ParseException(input, 0, 0, "no expression found in input");
    }
    Expr e = parseBinary(0);
    expectEnd();
    if (firstError != null) {
      throw firstError;
    }
    new TypeChecker(this).check(e);
    return e;
  }

  /** Parses a lone vector selector, as the HTTP API's {@code match[]} (no emptiness check). */
  VectorSelector parseSelectorOnly() {
    Token t = peek();
    VectorSelector vs;
    switch (t.type()) {
      case LEFT_BRACE -> vs = parseVectorSelector(null);
      case IDENTIFIER, METRIC_IDENTIFIER -> {
        next();
        vs = parseVectorSelector(t);
      }
      default -> {
        if (isMetricIdentifierKeyword(t.type())) {
          next();
          vs = parseVectorSelector(t);
        } else {
          throw unexpected(t, "", "");
        }
      }
    }
    expectEnd();
    if (firstError != null) {
      throw firstError;
    }
    return vs;
  }

  private void expectEnd() {
    Token t = peek();
    if (t.type() != TokenType.EOF) {
      throw unexpected(t, "", "");
    }
  }

  // ---- expressions ----

  private Expr parseBinary(int minPrecedence) {
    Expr lhs = parseUnary();
    while (true) {
      Token t = peek();
      BinaryOp op = binaryOp(t.type());
      if (op == null || op.precedence() < minPrecedence) {
        return lhs;
      }
      next();
      BinaryModifiers mods = parseBinaryModifiers();
      Expr rhs = parseBinary(op.isRightAssociative() ? op.precedence() : op.precedence() + 1);
      lhs = newBinary(op, lhs, rhs, mods);
    }
  }

  private Expr parseUnary() {
    Token t = peek();
    if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
      next();
      // Unary operators bind like multiplication: -a^b is -(a^b), -a*b is (-a)*b.
      Expr operand = parseBinary(BinaryOp.POW.precedence());
      BinaryOp op = t.type() == TokenType.SUB ? BinaryOp.SUB : BinaryOp.ADD;
      Span s = span(operand);
      if (operand instanceof NumberLiteral nl) {
        return at(new NumberLiteral(op == BinaryOp.SUB ? -nl.value() : nl.value()), t.pos(), s.end());
      }
      UnaryExpr u = new UnaryExpr(op, operand);
      types.put(u, typeOf(operand));
      return at(u, t.pos(), s.end());
    }
    return parsePostfix(parsePrimary());
  }

  private Expr parsePostfix(Expr e) {
    while (true) {
      switch (peek().type()) {
        case LEFT_BRACKET -> e = parseRangeOrSubquery(e);
        case OFFSET -> e = parseOffset(e);
        case AT -> e = parseAt(e);
        default -> {
          return e;
        }
      }
    }
  }

  private Expr parsePrimary() {
    Token t = peek();
    switch (t.type()) {
      case NUMBER:
        next();
        return at(new NumberLiteral(number(t)), t.pos(), t.end());
      case STRING:
        next();
        return at(new StringLiteral(StringSyntax.unquote(t.val())), t.pos(), t.end());
      case LEFT_PAREN: {
        next();
        Expr inner = parseBinary(0);
        Token close = peek();
        if (close.type() != TokenType.RIGHT_PAREN) {
          throw unexpected(close);
        }
        next();
        ParenExpr p = new ParenExpr(inner);
        types.put(p, typeOf(inner));
        return at(p, t.pos(), close.end());
      }
      case LEFT_BRACE:
        return parseVectorSelector(null);
      case IDENTIFIER:
        next();
        if (peek().type() == TokenType.LEFT_PAREN) {
          return parseCall(t);
        }
        return parseVectorSelector(t);
      case METRIC_IDENTIFIER:
        next();
        return parseVectorSelector(t);
      default:
        break;
    }
    if (t.type().group() == TokenType.Group.AGGREGATOR) {
      next();
      TokenType after = peek().type();
      if (after == TokenType.LEFT_PAREN || after == TokenType.BY || after == TokenType.WITHOUT) {
        return parseAggregate(t);
      }
      return parseVectorSelector(t);
    }
    if (isMetricIdentifierKeyword(t.type())) {
      next();
      return parseVectorSelector(t);
    }
    throw unexpected(t);
  }

  /** Keywords that Prometheus's grammar also accepts as a metric name. */
  private static boolean isMetricIdentifierKeyword(TokenType t) {
    return switch (t) {
      case BY, WITHOUT, OFFSET, LAND, LOR, LUNLESS, START, END -> true;
      default -> t.group() == TokenType.Group.AGGREGATOR;
    };
  }

  // ---- selectors ----

  private VectorSelector parseVectorSelector(Token nameToken) {
    String name = nameToken == null ? "" : nameToken.val();
    int start = nameToken == null ? peek().pos() : nameToken.pos();
    int end = nameToken == null ? start : nameToken.end();
    List<Matcher> matchers = new ArrayList<>();
    if (peek().type() == TokenType.LEFT_BRACE) {
      end = parseLabelMatchers(matchers);
    }
    if (!name.isEmpty()) {
      matchers.add(Matcher.equal(METRIC_NAME, name));
    }
    return at(new VectorSelector(name, matchers, 0, null), start, end);
  }

  /** Parses {@code {...}} into {@code out}; returns the end of the closing brace. */
  private int parseLabelMatchers(List<Matcher> out) {
    next(); // {
    final String ctx = "label matching";
    if (peek().type() == TokenType.RIGHT_BRACE) {
      return next().end();
    }
    while (true) {
      Token label = peek();
      if (label.type() != TokenType.IDENTIFIER) {
        throw unexpected(label, ctx, "identifier or \"}\"");
      }
      next();
      Token op = peek();
      MatchType type = switch (op.type()) {
        case EQL -> MatchType.EQUAL;
        case NEQ -> MatchType.NOT_EQUAL;
        case EQL_REGEX -> MatchType.REGEX;
        case NEQ_REGEX -> MatchType.NOT_REGEX;
        default -> throw unexpected(op, ctx, "label matching operator");
      };
      next();
      Token value = peek();
      if (value.type() != TokenType.STRING) {
        throw unexpected(value, ctx, "string");
      }
      next();
      out.add(newMatcher(type, label, value));
      Token sep = peek();
      if (sep.type() == TokenType.RIGHT_BRACE) {
        return next().end();
      }
      if (sep.type() != TokenType.COMMA) {
        throw unexpected(sep, ctx, "\",\" or \"}\"");
      }
      next();
      if (peek().type() == TokenType.RIGHT_BRACE) {
        return next().end();
      }
    }
  }

  private Matcher newMatcher(MatchType type, Token label, Token value) {
    String v = StringSyntax.unquote(value.val());
    try {
      return Matcher.of(type, label.val(), v);
    } catch (PatternSyntaxException e) {
      addError(label.pos(), value.end(), "error parsing regexp: " + e.getDescription() + ": `" + v + "`");
    } catch (IllegalArgumentException e) {
      addError(label.pos(), value.end(), e.getMessage());
    }
    return Matcher.equal(label.val(), v); // placeholder; the recorded error is thrown before use
  }

  private Expr parseRangeOrSubquery(Expr e) {
    Token open = next(); // [
    Token t = peek();
    if (t.type() != TokenType.DURATION) {
      throw unexpected(t, "subquery selector", "duration");
    }
    next();
    long range = duration(t);
    t = peek();
    if (t.type() == TokenType.RIGHT_BRACKET) {
      next();
      String err = null;
      VectorSelector vs = e instanceof VectorSelector v ? v : null;
      if (vs == null) {
        err = "ranges only allowed for vector selectors";
      } else if (vs.offsetMillis() != 0) {
        err = "no offset modifiers allowed before range";
      } else if (vs.at() != null) {
        err = "no @ modifiers allowed before range";
      }
      if (err != null) {
        addError(open.pos(), t.end(), err);
      }
      if (vs == null) {
        vs = new VectorSelector("", List.of(), 0, null);
      }
      return at(new MatrixSelector(vs, range), span(e).start(), t.end());
    }
    if (t.type() != TokenType.COLON) {
      throw unexpected(t, "subquery or range", "\":\" or \"]\"");
    }
    next();
    long step = 0;
    t = peek();
    if (t.type() == TokenType.DURATION) {
      next();
      step = duration(t);
      t = peek();
      if (t.type() != TokenType.RIGHT_BRACKET) {
        throw unexpected(t, "subquery selector", "\"]\"");
      }
    } else if (t.type() != TokenType.RIGHT_BRACKET) {
      throw unexpected(t, "subquery selector", "duration or \"]\"");
    }
    next();
    return at(new SubqueryExpr(e, range, step, 0, null), span(e).start(), t.end());
  }

  private Expr parseOffset(Expr e) {
    next(); // offset
    Token t = peek();
    boolean negative = false;
    if (t.type() == TokenType.SUB) {
      next();
      negative = true;
      t = peek();
    }
    if (t.type() != TokenType.DURATION) {
      throw unexpected(t, "offset", "duration");
    }
    next();
    long d = duration(t);
    if (negative) {
      d = -d;
    }
    Span s = span(e);
    Expr result;
    if (e instanceof VectorSelector vs) {
      checkOffsetUnset(vs.offsetMillis(), s);
      result = new VectorSelector(vs.name(), vs.matchers(), d, vs.at());
    } else if (e instanceof MatrixSelector ms) {
      VectorSelector vs = ms.selector();
      checkOffsetUnset(vs.offsetMillis(), s);
      result = new MatrixSelector(new VectorSelector(vs.name(), vs.matchers(), d, vs.at()), ms.rangeMillis());
    } else if (e instanceof SubqueryExpr sq) {
      checkOffsetUnset(sq.offsetMillis(), s);
      result = new SubqueryExpr(sq.expr(), sq.rangeMillis(), sq.stepMillis(), d, sq.at());
    } else {
      addError(s.start(), s.end(),
          "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
      return e;
    }
    return at(result, s.start(), t.end());
  }

  private void checkOffsetUnset(long offset, Span s) {
    if (offset != 0) {
      addError(s.start(), s.end(), "offset may not be set multiple times");
    }
  }

  private Expr parseAt(Expr e) {
    next(); // @
    final String ctx = "@";
    final String expected = "timestamp";
    Token t = peek();
    AtModifier at;
    int end;
    Span s = span(e);
    switch (t.type()) {
      case NUMBER, ADD, SUB -> {
        next();
        double sign = 1;
        Token num = t;
        if (t.type() != TokenType.NUMBER) {
          num = peek();
          if (num.type() != TokenType.NUMBER) {
            throw unexpected(num, ctx, expected);
          }
          next();
          sign = t.type() == TokenType.SUB ? -1 : 1;
        }
        double ts = sign * number(num);
        if (Double.isNaN(ts) || Double.isInfinite(ts) || ts >= 0x1p63 || ts <= -0x1p63) {
          addError(s.start(), s.end(), "timestamp out of bounds for @ modifier: " + GoFloatFormat.fixed6(ts));
        }
        at = AtModifier.at(roundHalfAwayFromZero(ts * 1000));
        end = num.end();
      }
      case START, END -> {
        next();
        if (peek().type() != TokenType.LEFT_PAREN) {
          throw unexpected(peek(), ctx, expected);
        }
        next();
        Token close = peek();
        if (close.type() != TokenType.RIGHT_PAREN) {
          throw unexpected(close, ctx, expected);
        }
        next();
        at = t.type() == TokenType.START ? AtModifier.START : AtModifier.END;
        end = close.end();
      }
      default -> throw unexpected(t, ctx, expected);
    }
    Expr result;
    if (e instanceof VectorSelector vs) {
      if (!checkAtUnset(vs.at(), s)) {
        return e;
      }
      result = new VectorSelector(vs.name(), vs.matchers(), vs.offsetMillis(), at);
    } else if (e instanceof MatrixSelector ms) {
      VectorSelector vs = ms.selector();
      if (!checkAtUnset(vs.at(), s)) {
        return e;
      }
      result = new MatrixSelector(new VectorSelector(vs.name(), vs.matchers(), vs.offsetMillis(), at),
          ms.rangeMillis());
    } else if (e instanceof SubqueryExpr sq) {
      if (!checkAtUnset(sq.at(), s)) {
        return e;
      }
      result = new SubqueryExpr(sq.expr(), sq.rangeMillis(), sq.stepMillis(), sq.offsetMillis(), at);
    } else {
      addError(s.start(), s.end(),
          "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
      return e;
    }
    return at(result, s.start(), end);
  }

  private boolean checkAtUnset(AtModifier existing, Span s) {
    if (existing != null) {
      addError(s.start(), s.end(), "@ <timestamp> may not be set multiple times");
      return false;
    }
    return true;
  }

  /** Go's {@code math.Round}: half away from zero, exact (no {@code x + 0.5} rounding error). */
  private static long roundHalfAwayFromZero(double v) {
    double a = Math.abs(v);
    double t = Math.floor(a);
    if (a - t >= 0.5) {
      t += 1;
    }
    return (long) Math.copySign(t, v);
  }

  // ---- calls and aggregations ----

  private Expr parseCall(Token name) {
    FunctionSignature fn = Functions.get(name.val());
    if (fn == null) {
      addError(name.pos(), name.end(), "unknown function with name " + GoQuote.quote(name.val()));
      fn = UNKNOWN_FUNCTION;
    }
    List<Expr> args = new ArrayList<>();
    int end = parseCallBody(args);
    return at(new Call(fn, args), name.pos(), end);
  }

  /** Parses {@code ( args )} into {@code out}; returns the end of the closing parenthesis. */
  private int parseCallBody(List<Expr> out) {
    next(); // (
    if (peek().type() == TokenType.RIGHT_PAREN) {
      return next().end();
    }
    while (true) {
      out.add(parseBinary(0));
      Token t = peek();
      if (t.type() == TokenType.RIGHT_PAREN) {
        return next().end();
      }
      if (t.type() != TokenType.COMMA) {
        throw unexpected(t);
      }
      next();
      if (peek().type() == TokenType.RIGHT_PAREN) {
        addError(t.pos(), t.end(), "trailing commas not allowed in function call args");
        return next().end();
      }
    }
  }

  private Expr parseAggregate(Token opToken) {
    AggregateOp op = AggregateOp.fromText(opToken.val());
    errorContexts.push("aggregation");
    List<String> grouping = List.of();
    boolean without = false;
    boolean modifierSeen = false;
    Token t = peek();
    if (t.type() == TokenType.BY || t.type() == TokenType.WITHOUT) {
      next();
      without = t.type() == TokenType.WITHOUT;
      grouping = parseGroupingLabels();
      modifierSeen = true;
    }
    if (peek().type() != TokenType.LEFT_PAREN) {
      throw unexpected(peek());
    }
    List<Expr> args = new ArrayList<>();
    int end = parseCallBody(args);
    t = peek();
    if (!modifierSeen && (t.type() == TokenType.BY || t.type() == TokenType.WITHOUT)) {
      next();
      without = t.type() == TokenType.WITHOUT;
      grouping = parseGroupingLabels();
      end = last.end();
    }
    errorContexts.pop();

    int desired = op.hasParam() ? 2 : 1;
    Expr param = null;
    Expr arg;
    if (args.isEmpty()) {
      addError(opToken.pos(), end, "no arguments for aggregate expression provided");
      arg = new NumberLiteral(0);
    } else if (args.size() != desired) {
      addError(opToken.pos(), end, "wrong number of arguments for aggregate expression provided, expected "
          + desired + ", got " + args.size());
      arg = args.get(args.size() - 1);
    } else {
      param = op.hasParam() ? args.get(0) : null;
      arg = args.get(desired - 1);
    }
    return at(new AggregateExpr(op, arg, param, grouping, without), opToken.pos(), end);
  }

  /** Parses {@code (label, ...)} after by/without/on/ignoring/group_x. */
  private List<String> parseGroupingLabels() {
    final String ctx = "grouping opts";
    Token t = peek();
    if (t.type() != TokenType.LEFT_PAREN) {
      throw unexpected(t, ctx, "\"(\"");
    }
    next();
    List<String> labels = new ArrayList<>();
    if (peek().type() == TokenType.RIGHT_PAREN) {
      next();
      return labels;
    }
    while (true) {
      t = peek();
      if (!isMaybeLabel(t.type())) {
        throw unexpected(t, ctx, "label");
      }
      next();
      if (!isLabelName(t.val())) {
        throw unexpected(t, ctx, "label");
      }
      labels.add(t.val());
      t = peek();
      if (t.type() == TokenType.RIGHT_PAREN) {
        next();
        return labels;
      }
      if (t.type() != TokenType.COMMA) {
        throw unexpected(t, ctx, "\",\" or \")\"");
      }
      next();
      if (peek().type() == TokenType.RIGHT_PAREN) {
        next();
        return labels;
      }
    }
  }

  /** Tokens Prometheus accepts as a label name in grouping lists (keywords included). */
  private static boolean isMaybeLabel(TokenType t) {
    return switch (t) {
      case IDENTIFIER, METRIC_IDENTIFIER, BOOL, BY, GROUP_LEFT, GROUP_RIGHT, IGNORING, LAND, LOR, LUNLESS,
          OFFSET, ON, WITHOUT, START, END, ATAN2 -> true;
      default -> t.group() == TokenType.Group.AGGREGATOR;
    };
  }

  static boolean isLabelName(String s) {
    if (s.isEmpty() || !(Lexer.isAlpha(s.charAt(0)))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!Lexer.isAlphaNumeric(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  // ---- binary expressions ----

  private BinaryModifiers parseBinaryModifiers() {
    boolean returnBool = false;
    if (peek().type() == TokenType.BOOL) {
      next();
      returnBool = true;
    }
    boolean on = false;
    List<String> matching = List.of();
    VectorMatching.Cardinality card = VectorMatching.Cardinality.ONE_TO_ONE;
    List<String> include = List.of();
    Token t = peek();
    if (t.type() == TokenType.ON || t.type() == TokenType.IGNORING) {
      next();
      on = t.type() == TokenType.ON;
      matching = parseGroupingLabels();
      t = peek();
      if (t.type() == TokenType.GROUP_LEFT || t.type() == TokenType.GROUP_RIGHT) {
        next();
        card = t.type() == TokenType.GROUP_LEFT
            ? VectorMatching.Cardinality.MANY_TO_ONE
            : VectorMatching.Cardinality.ONE_TO_MANY;
        if (peek().type() == TokenType.LEFT_PAREN) {
          include = parseGroupingLabels();
        }
      }
    }
    return new BinaryModifiers(returnBool, on, matching, card, include);
  }

  private Expr newBinary(BinaryOp op, Expr lhs, Expr rhs, BinaryModifiers mods) {
    VectorMatching matching = null;
    ValueType lt = typeOf(lhs);
    ValueType rt = typeOf(rhs);
    if (lt == ValueType.VECTOR && rt == ValueType.VECTOR) {
      VectorMatching.Cardinality card = mods.card();
      if (op.isSetOperator() && card == VectorMatching.Cardinality.ONE_TO_ONE) {
        card = VectorMatching.Cardinality.MANY_TO_MANY;
      }
      matching = new VectorMatching(card, mods.matchingLabels(), mods.on(), mods.include());
    }
    BinaryExpr b = new BinaryExpr(op, lhs, rhs, matching, mods.returnBool());
    binaryModifiers.put(b, mods);
    types.put(b, lt == ValueType.SCALAR && rt == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR);
    return at(b, span(lhs).start(), span(rhs).end());
  }

  private static BinaryOp binaryOp(TokenType t) {
    return switch (t) {
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      case DIV -> BinaryOp.DIV;
      case MOD -> BinaryOp.MOD;
      case POW -> BinaryOp.POW;
      case ATAN2 -> BinaryOp.ATAN2;
      case EQLC -> BinaryOp.EQLC;
      case NEQ -> BinaryOp.NEQ;
      case LTE -> BinaryOp.LTE;
      case LSS -> BinaryOp.LSS;
      case GTE -> BinaryOp.GTE;
      case GTR -> BinaryOp.GTR;
      case LAND -> BinaryOp.AND;
      case LOR -> BinaryOp.OR;
      case LUNLESS -> BinaryOp.UNLESS;
      default -> null;
    };
  }

  // ---- literals ----

  private double number(Token t) {
    try {
      return NumberSyntax.parse(t.val());
    } catch (IllegalArgumentException e) {
      addError(t.pos(), t.end(), "error parsing number: " + e.getMessage());
      return 0;
    }
  }

  /** A duration inside a selector or modifier: Prometheus 2.x also rejects zero there. */
  private long duration(Token t) {
    try {
      long d = DurationFormat.parse(t.val());
      if (d == 0) {
        addError(t.pos(), t.end(), "duration must be greater than 0");
      }
      return d;
    } catch (IllegalArgumentException e) {
      addError(t.pos(), t.end(), e.getMessage());
      return 0;
    }
  }

  /** {@code e.type()}, without recursing through operator chains built by this parser. */
  ValueType typeOf(Expr e) {
    ValueType t = types.get(e);
    return t != null ? t : e.type();
  }

  // ---- tokens, positions, errors ----

  private Token peek() {
    if (peeked == null) {
      peeked = lexer.next();
      if (peeked.type() == TokenType.ERROR) {
        throw lexError(peeked);
      }
    }
    return peeked;
  }

  private Token next() {
    Token t = peek();
    peeked = null;
    last = t;
    return t;
  }

  private ParseException lexError(Token t) {
    if (firstError != null) {
      return firstError;
    }
    return new ParseException(input, t.pos(), input.length(), t.val());
  }

  private ParseException unexpected(Token t) {
    return unexpected(t, errorContexts.isEmpty() ? "" : errorContexts.peek(), "");
  }

  private ParseException unexpected(Token t, String context, String expected) {
    if (firstError != null) {
      return firstError;
    }
    StringBuilder sb = new StringBuilder("unexpected ").append(t.describe());
    if (!context.isEmpty()) {
      sb.append(" in ").append(context);
    }
    if (!expected.isEmpty()) {
      sb.append(", expected ").append(expected);
    }
    return new ParseException(input, t.pos(), t.end(), sb.toString());
  }

  private void addError(int start, int end, String message) {
    if (firstError == null) {
      firstError = new ParseException(input, start, end, message);
    }
  }

  private <T extends Expr> T at(T e, int start, int end) {
    spans.put(e, new Span(start, end));
    return e;
  }

  Span span(Expr e) {
    Span s = spans.get(e);
    return s != null ? s : new Span(0, input.length());
  }
}
