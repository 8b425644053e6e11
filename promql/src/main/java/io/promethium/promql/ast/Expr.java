package io.promethium.promql.ast;

/**
 * A PromQL expression node. Immutable. {@link #toString()} prints valid PromQL that parses back to an
 * equal tree (see {@link ExprPrinter}).
 */
public sealed interface Expr
    permits AggregateExpr, BinaryExpr, Call, MatrixSelector, NumberLiteral, ParenExpr, StringLiteral,
        SubqueryExpr, UnaryExpr, VectorSelector {
  /** The type this expression evaluates to. */
  ValueType type();
}
