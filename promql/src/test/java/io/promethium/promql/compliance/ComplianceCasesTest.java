package io.promethium.promql.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ComplianceCasesTest {
  @Test
  void expandsFirstArgumentSlowest() {
    List<String> q = ComplianceCases.expand("{{.clampFunc}}(x[{{.instantRateFunc}}])",
        List.of("clampFunc", "instantRateFunc"));
    assertEquals(List.of("clamp_min(x[idelta])", "clamp_min(x[irate])", "clamp_max(x[idelta])",
        "clamp_max(x[irate])"), q);
  }

  @Test
  void aQueryWithoutVariantsIsItself() {
    assertEquals(List.of("sum(x)"), ComplianceCases.expand("sum(x)", List.of()));
  }

  @Test
  void unknownOrUnfilledVariantsAreErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ComplianceCases.expand("{{.nope}}", List.of("nope")));
    assertTrue(e.getMessage().contains("unknown variant arg \"nope\""), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ComplianceCases.expand("{{.range}}", List.of()));
    assertTrue(e.getMessage().contains("no value for {{.range}}"), e.getMessage());
  }

  @Test
  void readsFlagsAndOwnVariantValues() throws IOException {
    String yml = """
        variant_values:
          op: [a, b]
        test_cases:
          - query: 'f_{{.op}}'
            variant_args: [op]
            should_fail: true
          - query: 'g'
            skip_comparison: true
        """;
    List<ComplianceCases.Case> cases = ComplianceCases.load(new StringReader(yml), "inline");
    assertEquals(List.of(new ComplianceCases.Case("f_a", false, true), new ComplianceCases.Case("f_b", false, true),
        new ComplianceCases.Case("g", true, false)), cases);
  }

  @Test
  void aCaseWithoutQueryNamesItsPosition() {
    IOException e = assertThrows(IOException.class,
        () -> ComplianceCases.load(new StringReader("test_cases:\n  - query: 'a'\n  - should_fail: true\n"), "f.yml"));
    assertEquals("f.yml: test case 2: query missing or not a string", e.getMessage());
  }

  /** The upstream file expands to the tester's count (539 for this revision of the file). */
  @Test
  void upstreamSuiteExpandsFully() throws IOException {
    Assumptions.assumeTrue(Files.isRegularFile(PromqlComplianceTest.queryFile()), "shared test data absent");
    List<ComplianceCases.Case> cases = ComplianceCases.load(PromqlComplianceTest.queryFile());
    assertEquals(539, cases.size());
    assertEquals(5, cases.stream().filter(ComplianceCases.Case::shouldFail).count());
    assertTrue(cases.stream().noneMatch(c -> c.query().contains("{{")));
  }

  @Test
  void extraSuiteLoads() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/compliance/extra-queries.yml")) {
      List<ComplianceCases.Case> cases = ComplianceCases.load(
          new InputStreamReader(in, StandardCharsets.UTF_8), "extra-queries.yml");
      assertTrue(cases.size() > 300, "extra cases: " + cases.size());
      assertTrue(cases.stream().noneMatch(c -> c.query().contains("{{")));
      assertEquals(cases.size(), cases.stream().map(ComplianceCases.Case::query).distinct().count(),
          "duplicate extra queries");
    }
  }
}
