package io.promethium.core.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Differential tests against Go's regexp as the real Prometheus uses it: for every case of
 * {@link Re2RegexTest}, our answers (does {@code =~} match, what {@code label_replace} writes) become the
 * expected results of a {@code promtool test rules} file, and promtool (Prometheus 2.42) checks them; every
 * regex of the error table must fail in promtool's PromQL parser with our message.
 */
class Re2AgainstPromtoolTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @TempDir
  Path dir;

  @Test
  void promtoolAgreesWithOurMatchesAndExpansions() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool (Debian package prometheus) not installed");
    StringBuilder series = new StringBuilder();
    StringBuilder exprs = new StringBuilder();
    int i = 0;
    for (Arguments a : Re2RegexTest.matches().toList()) {
      String re = (String) a.get()[0];
      String input = (String) a.get()[1];
      i = addCase(series, exprs, i, re, input, "[$0]");
    }
    for (Arguments a : Re2RegexTest.expansions().toList()) {
      String re = (String) a.get()[0];
      if (re.contains("(?<")) {
        continue; // Go before 1.22 (promtool 2.42) lacks (?<name>)
      }
      i = addCase(series, exprs, i, re, (String) a.get()[1], (String) a.get()[2]);
    }
    String file = "{\"rule_files\": [], \"evaluation_interval\": \"1m\", \"tests\": [{\"interval\": \"1m\","
        + " \"input_series\": [" + series + "], \"promql_expr_test\": [" + exprs + "]}]}";
    Path f = dir.resolve("re2.yml");
    Files.writeString(f, file);
    String out = run(f);
    assertEquals(true, out.contains("SUCCESS"), out);
  }

  @Test
  void promtoolRefusesWithOurMessages() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool (Debian package prometheus) not installed");
    List<String> regexes = new ArrayList<>();
    StringBuilder exprs = new StringBuilder();
    for (Arguments a : Re2RegexTest.errors().toList()) {
      String re = (String) a.get()[0];
      regexes.add(re);
      sep(exprs).append(exprTest("m{v=~" + promqlString(re) + "}", List.of()));
    }
    String file = "{\"rule_files\": [], \"evaluation_interval\": \"1m\", \"tests\": [{\"interval\": \"1m\","
        + " \"input_series\": [{\"series\": \"m{v=\\\"x\\\"}\", \"values\": \"1\"}], \"promql_expr_test\": ["
        + exprs + "]}]}";
    Path f = dir.resolve("errors.yml");
    Files.writeString(f, file);
    String out = run(f);
    java.util.Map<String, String> goErrors = new java.util.HashMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("expr: (\".*?\"), time: \\S+, err: .*?parse error: (.*)")
        .matcher(out);
    while (m.find()) {
      goErrors.put(goUnquote(m.group(1)), m.group(2).strip());
    }
    for (String re : regexes) {
      String expr = "m{v=~" + promqlString(re) + "}";
      String go = goErrors.get(expr);
      String ours;
      try {
        Re2Regex.compile(re);
        ours = null;
      } catch (IllegalArgumentException e) {
        ours = e.getMessage();
      }
      assertEquals(go, ours, "regex " + re + "; promtool said:\n" + out);
    }
  }

  private static String run(Path f) throws Exception {
    Process p = new ProcessBuilder(PROMTOOL.toString(), "test", "rules", f.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("promtool did not finish");
    }
    return out;
  }

  /** Reverses Go's %q for the ASCII text of our cases. */
  private static String goUnquote(String q) {
    StringBuilder sb = new StringBuilder();
    for (int k = 1; k < q.length() - 1; k++) {
      char c = q.charAt(k);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = q.charAt(++k);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'x' -> {
          sb.append((char) Integer.parseInt(q.substring(k + 1, k + 3), 16));
          k += 2;
        }
        case 'u' -> {
          sb.append((char) Integer.parseInt(q.substring(k + 1, k + 5), 16));
          k += 4;
        }
        default -> sb.append(e);
      }
    }
    return sb.toString();
  }

  /** Adds series m_i{v=input}, the test of {@code m_i{v=~re}} and of label_replace with template. */
  private static int addCase(StringBuilder series, StringBuilder exprs, int i, String re, String input,
      String template) {
    Re2Regex r = Re2Regex.compile(re);
    String name = "m_" + i;
    String lset = name + "{v=" + promqlString(input) + "}";
    sep(series).append("{\"series\": ").append(json(input.isEmpty() ? name : lset)).append(", \"values\": \"1\"}");
    List<String> matched = new ArrayList<>();
    if (r.matches(input)) {
      matched.add(input.isEmpty() ? name : lset);
    }
    sep(exprs).append(exprTest(name + "{v=~" + promqlString(re) + "}", matched));
    String replaced = r.matchAndExpand(input, template);
    StringBuilder labels = new StringBuilder(name).append('{');
    if (!input.isEmpty()) {
      labels.append("v=").append(promqlString(input));
    }
    if (replaced != null && !replaced.isEmpty()) {
      labels.append(input.isEmpty() ? "" : ", ").append("out=").append(promqlString(replaced));
    }
    labels.append('}');
    sep(exprs).append(exprTest("label_replace(" + name + ", \"out\", " + promqlString(template) + ", \"v\", "
        + promqlString(re) + ")", List.of(labels.toString())));
    return i + 1;
  }

  private static String exprTest(String expr, List<String> samples) {
    StringBuilder sb = new StringBuilder("{\"expr\": ").append(json(expr)).append(", \"eval_time\": \"0m\", \"exp_samples\": [");
    for (int k = 0; k < samples.size(); k++) {
      sb.append(k > 0 ? ", " : "").append("{\"labels\": ").append(json(samples.get(k))).append(", \"value\": 1}");
    }
    return sb.append("]}").toString();
  }

  private static StringBuilder sep(StringBuilder sb) {
    return sb.length() > 0 ? sb.append(", ") : sb;
  }

  /** A PromQL double-quoted string literal. */
  private static String promqlString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\f' -> sb.append("\\f");
        case '\u000b' -> sb.append("\\v");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** A JSON string literal (the test file is JSON, which YAML reads). */
  private static String json(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
