package io.promethium.promql.parser;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.promql.ast.Expr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parses every expression of the upstream PromQL test scripts ({@code promql/*.test}: {@code eval},
 * {@code eval_fail}, {@code eval_ordered} lines; their failures are evaluation failures, so all must parse)
 * and every query of the PromQL compliance tester, with its {@code {{.variant}}} templates expanded.
 */
class TestdataExpressionsTest {
  private static final Pattern EVAL = Pattern.compile("^eval(?:_fail|_ordered)? instant at \\S+ (.*)$");
  private static final Pattern QUERY = Pattern.compile("^\\s*(?:- )?query:\\s*(['\"])(.*)\\1\\s*$");
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\.(\\w+)}}");

  /** Variant values as the compliance tester defines them. */
  private static final Map<String, List<String>> VARIANTS = Map.ofEntries(
      Map.entry("range", List.of("1m", "5m", "15m", "1h")),
      Map.entry("offset", List.of("1m", "5m", "10m")),
      Map.entry("simpleAggrOp", List.of("sum", "avg", "max", "min", "count", "stddev", "stdvar", "group")),
      Map.entry("topBottomOp", List.of("topk", "bottomk")),
      Map.entry("quantile", List.of("-0.5", "0.1", "0.5", "0.75", "0.95", "0.90", "0.99", "1", "1.5")),
      Map.entry("arithBinOp", List.of("+", "-", "*", "/", "%", "^")),
      Map.entry("compBinOp", List.of("==", "!=", "<", ">", "<=", ">=")),
      Map.entry("binOp", List.of("+", "-", "*", "/", "%", "^", "==", "!=", "<", ">", "<=", ">=")),
      Map.entry("simpleMathFunc", List.of("abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10",
          "round")),
      Map.entry("simpleTimeAggrOp", List.of("avg", "min", "max", "sum", "count", "stddev", "stdvar",
          "last", "present")),
      Map.entry("extrapolatedRateFunc", List.of("delta", "rate", "increase")),
      Map.entry("clampFunc", List.of("clamp_min", "clamp_max")),
      Map.entry("instantRateFunc", List.of("idelta", "irate")),
      Map.entry("dateFunc", List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour",
          "minute", "month", "year")));

  static Path testdata() {
    String prop = System.getProperty("promethium.testdata");
    Path p = prop != null ? Paths.get(prop) : Paths.get("../../shared/testdata");
    Assumptions.assumeTrue(Files.isDirectory(p), "upstream test data not found at " + p.toAbsolutePath());
    return p;
  }

  static Stream<Arguments> scriptExpressions() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(testdata().resolve("promql"))) {
      for (Path f : files.filter(x -> x.toString().endsWith(".test")).sorted().toList()) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = EVAL.matcher(lines.get(i));
          if (m.matches()) {
            out.add(Arguments.of(f.getFileName() + ":" + (i + 1), m.group(1)));
          }
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scriptExpressions")
  void parsesScriptExpression(String where, String expr) {
    Expr e = parse(where, expr);
    RoundTrip.assertRoundTrips(e);
  }

  @Test
  void scriptsHaveManyExpressions() throws IOException {
    assertTrue(scriptExpressions().count() > 500, "expected the upstream scripts' 600-odd eval lines");
  }

  @Test
  void parsesComplianceQueries() throws IOException {
    List<String> lines = Files.readAllLines(testdata().resolve("compliance/promql-test-queries.yml"),
        StandardCharsets.UTF_8);
    int parsed = 0;
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = QUERY.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      String q = m.group(1).equals("'") ? m.group(2).replace("''", "'") : m.group(2);
      boolean shouldFail = i + 1 < lines.size() && lines.get(i + 1).trim().equals("should_fail: true");
      for (String expanded : expand(q)) {
        String where = "promql-test-queries.yml:" + (i + 1) + ": " + expanded;
        if (shouldFail && expanded.equals("{__name__=~\".*\"}")) {
          // The only query the tester expects to fail at parse time (the others fail in evaluation).
          assertThrows(ParseException.class, () -> PromQLParser.parseExpr(expanded), where);
          continue;
        }
        RoundTrip.assertRoundTrips(parse(where, expanded));
        parsed++;
      }
    }
    assertTrue(parsed > 300, "expanded compliance queries parsed: " + parsed);
  }

  private static List<String> expand(String q) {
    Matcher m = TEMPLATE.matcher(q);
    if (!m.find()) {
      return List.of(q);
    }
    List<String> values = VARIANTS.get(m.group(1));
    assertFalse(values == null, "unknown variant " + m.group(1));
    List<String> out = new ArrayList<>();
    for (String v : values) {
      out.addAll(expand(q.replace("{{." + m.group(1) + "}}", v)));
    }
    return out;
  }

  private static Expr parse(String where, String expr) {
    try {
      return PromQLParser.parseExpr(expr);
    } catch (ParseException e) {
      throw new AssertionError(where + ": " + expr + ": " + e.getMessage(), e);
    }
  }
}
