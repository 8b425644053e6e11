package io.promethium.promql.parser;

import io.promethium.core.labels.Matcher;
import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.AggregateOp;
import io.promethium.promql.ast.BinaryExpr;
import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.FunctionSignature;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.ParenExpr;
import io.promethium.promql.ast.SubqueryExpr;
import io.promethium.promql.ast.UnaryExpr;
import io.promethium.promql.ast.ValueType;
import io.promethium.promql.ast.VectorMatching;
import io.promethium.promql.ast.VectorSelector;
import java.util.List;

/**
 * Type-checks a parsed tree in the order of Prometheus's {@code checkAST} (children before their parent,
 * arguments left to right) and throws the first error, with Prometheus's wording. Not thread-safe; one per
 * parse.
 */
final class TypeChecker {
  private final ExprParser parser;

  TypeChecker(ExprParser parser) {
    this.parser = parser;
  }

  ValueType check(Expr node) {
    if (node instanceof AggregateExpr a) {
      checkAggregate(a);
    } else if (node instanceof BinaryExpr b) {
      checkBinaryChain(b);
    } else if (node instanceof Call c) {
      checkCall(c);
    } else if (node instanceof ParenExpr p) {
      check(p.expr());
    } else if (node instanceof UnaryExpr u) {
      ValueType t = check(u.expr());
      if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
        fail(node, "unary expression only allowed on expressions of type scalar or instant vector, got "
            + GoQuote.quote(t.documentedName()));
      }
    } else if (node instanceof SubqueryExpr s) {
      ValueType t = check(s.expr());
      if (t != ValueType.VECTOR) {
        fail(node, "subquery is only allowed on instant vector, got " + t.text() + " instead");
      }
    } else if (node instanceof MatrixSelector m) {
      checkSelector(m.selector(), node);
    } else if (node instanceof VectorSelector v) {
      checkSelector(v, node);
    }
    // NumberLiteral and StringLiteral are terminals: nothing to check.
    return parser.typeOf(node);
  }

  /**
   * Checks a binary expression and its chain of left operands without recursion, so that long chains such
   * as {@code a + b + c + ...} (thousands of terms) do not exhaust the stack. The order is unchanged:
   * left operand, right operand, then the operator's own checks, innermost first.
   */
  private void checkBinaryChain(BinaryExpr outer) {
    java.util.ArrayDeque<BinaryExpr> chain = new java.util.ArrayDeque<>();
    Expr e = outer;
    while (e instanceof BinaryExpr b) {
      chain.push(b);
      e = b.lhs();
    }
    check(e);
    while (!chain.isEmpty()) {
      checkBinary(chain.pop());
    }
  }

  private void checkAggregate(AggregateExpr a) {
    expectType(a.expr(), ValueType.VECTOR, "aggregation expression");
    AggregateOp op = a.op();
    if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK || op == AggregateOp.QUANTILE) {
      expectType(a.param(), ValueType.SCALAR, "aggregation parameter");
    }
    if (op == AggregateOp.COUNT_VALUES) {
      expectType(a.param(), ValueType.STRING, "aggregation parameter");
    }
  }

  private void expectType(Expr e, ValueType want, String context) {
    ValueType t = check(e);
    if (t != want) {
      fail(e, "expected type " + want.documentedName() + " in " + context + ", got " + t.documentedName());
    }
  }

  /** Checks one binary node whose left operand has been checked already. */
  private void checkBinary(BinaryExpr b) {
    ValueType lt = parser.typeOf(b.lhs());
    ValueType rt = check(b.rhs());
    ExprParser.BinaryModifiers mods = parser.binaryModifiers.get(b);
    if (mods == null) {
      VectorMatching vm = b.matching();
      mods = vm == null
          ? new ExprParser.BinaryModifiers(b.returnBool(), false, List.of(),
              VectorMatching.Cardinality.ONE_TO_ONE, List.of())
          : new ExprParser.BinaryModifiers(b.returnBool(), vm.on(), vm.matchingLabels(), vm.card(), vm.include());
    }
    if (mods.returnBool() && !b.op().isComparison()) {
      failAt(operatorStart(b), "bool modifier can only be used on comparison operators");
    }
    if (b.op().isComparison() && !mods.returnBool() && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
      failAt(operatorStart(b), "comparisons between scalars must use BOOL modifier");
    }
    VectorMatching.Cardinality card = mods.card();
    if (b.op().isSetOperator() && card == VectorMatching.Cardinality.ONE_TO_ONE) {
      card = VectorMatching.Cardinality.MANY_TO_MANY;
    }
    if (mods.on()) {
      for (String l1 : mods.matchingLabels()) {
        if (mods.include().contains(l1)) {
          failAt(operatorStart(b), "label " + GoQuote.quote(l1) + " must not occur in ON and GROUP clause at once");
        }
      }
    }
    if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
      fail(b.lhs(), "binary expression must contain only scalar and instant vector types");
    }
    if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
      fail(b.rhs(), "binary expression must contain only scalar and instant vector types");
    }
    if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
      if (!mods.matchingLabels().isEmpty()) {
        fail(b, "vector matching only allowed between instant vectors");
      }
    } else if (b.op().isSetOperator()) {
      if (card == VectorMatching.Cardinality.ONE_TO_MANY || card == VectorMatching.Cardinality.MANY_TO_ONE) {
        fail(b, "no grouping allowed for " + GoQuote.quote(b.op().text()) + " operation");
      }
    }
    if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && b.op().isSetOperator()) {
      fail(b, "set operator " + GoQuote.quote(b.op().text()) + " not allowed in binary scalar expression");
    }
  }

  /** Where the operator starts: after the left operand, skipping white space. */
  private int operatorStart(BinaryExpr b) {
    String in = parser.input();
    int i = parser.span(b.lhs()).end();
    while (i < in.length() && Lexer.isSpace(in.charAt(i))) {
      i++;
    }
    return i;
  }

  private void checkCall(Call c) {
    FunctionSignature fn = c.function();
    int nargs = fn.argTypes().size();
    int given = c.args().size();
    String quoted = GoQuote.quote(fn.name());
    if (fn.variadic() == 0) {
      if (nargs != given) {
        fail(c, "expected " + nargs + " argument(s) in call to " + quoted + ", got " + given);
      }
    } else {
      int min = nargs - 1;
      if (min > given) {
        fail(c, "expected at least " + min + " argument(s) in call to " + quoted + ", got " + given);
      } else if (fn.variadic() > 0 && min + fn.variadic() < given) {
        fail(c, "expected at most " + (min + fn.variadic()) + " argument(s) in call to " + quoted + ", got "
            + given);
      }
    }
    for (int i = 0; i < given; i++) {
      int typeIndex = i;
      if (i >= nargs) {
        if (fn.variadic() == 0) {
          break;
        }
        typeIndex = nargs - 1;
      }
      Expr arg = c.args().get(i);
      ValueType t = check(arg);
      ValueType want = fn.argTypes().get(typeIndex);
      if (t != want) {
        fail(arg, "expected type " + want.documentedName() + " in call to function " + quoted + ", got "
            + t.documentedName());
      }
    }
  }

  private void checkSelector(VectorSelector v, Expr node) {
    if (!v.name().isEmpty()) {
      // The last matcher is the one made from the name outside the braces.
      List<Matcher> ms = v.matchers();
      for (int i = 0; i < ms.size() - 1; i++) {
        if (ms.get(i).name().equals("__name__")) {
          fail(node, "metric name must not be set twice: " + GoQuote.quote(v.name()) + " or "
              + GoQuote.quote(ms.get(i).value()));
        }
      }
      return;
    }
    for (Matcher m : v.matchers()) {
      if (!m.matchesEmpty()) {
        return;
      }
    }
    fail(node, "vector selector must contain at least one non-empty matcher");
  }

  private void fail(Expr e, String message) {
    ExprParser.Span s = parser.span(e);
    throw new ParseException(parser.input(), s.start(), s.end(), message);
  }

  private void failAt(int pos, String message) {
    throw new ParseException(parser.input(), pos, pos, message);
  }
}
