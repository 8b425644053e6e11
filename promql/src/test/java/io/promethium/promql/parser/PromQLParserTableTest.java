package io.promethium.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promethium.promql.ast.Expr;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The port of Prometheus's {@code parse_test.go} table: every input either parses to the exact tree in
 * {@code parse-ok.tsv} or fails with the exact message in {@code parse-errors.tsv}; every successful parse
 * also prints to PromQL that parses back to the same tree.
 */
class PromQLParserTableTest {

  static Stream<Arguments> okCases() throws IOException {
    return load("parse-ok.tsv");
  }

  static Stream<Arguments> errorCases() throws IOException {
    return load("parse-errors.tsv");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("okCases")
  void parsesToExpectedTree(String input, String expectedTree) {
    Expr e = PromQLParser.parseExpr(input);
    assertEquals(expectedTree, TreeDump.dump(e));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("okCases")
  void printedFormParsesBackToSameTree(String input, String ignored) {
    RoundTrip.assertRoundTrips(PromQLParser.parseExpr(input));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("errorCases")
  void failsWithPrometheusMessage(String input, String expectedMessage) {
    ParseException e = assertThrows(ParseException.class, () -> PromQLParser.parseExpr(input));
    assertEquals(expectedMessage, e.getMessage());
  }

  private static Stream<Arguments> load(String resource) throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (InputStream in = PromQLParserTableTest.class.getResourceAsStream(resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.startsWith("//") || line.isBlank()) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab < 0) {
          throw new IllegalStateException(resource + ":" + lineNo + ": no tab separator");
        }
        cases.add(Arguments.of(line.substring(0, tab).replace("⏎", "\n"), line.substring(tab + 1)));
      }
    }
    return cases.stream();
  }
}
