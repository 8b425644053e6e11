package io.promethium.promql.parser;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of valid queries (characters deleted, inserted, replaced) must either parse or fail
 * with a {@link ParseException} whose position lies inside the input: never another exception.
 */
class MalformedInputTest {
  private static final List<String> SEEDS = List.of(
      "sum by (job) (rate(http_requests_total{job=~\"api.*\", code!=\"500\"}[5m] offset 1h))",
      "histogram_quantile(0.9, sum without (instance) (rate(x_bucket[1m] @ 1600000000)))",
      "a + on (b) group_left (c) d * ignoring (e) f ^ -2 > bool 3",
      "max_over_time((time() - max(t) < 1000)[5m:10s] offset -5m @ end())",
      "label_replace(up, 'dst', \"$1\", `src`, \"(.*)\") or vector(0x1f) unless count_values(\"v\", x)",
      "topk(5, -foo{a='\\u00e9\\x41\\101'} % 1e-3) and quantile(.5, bar) # comment\n+ 1");
  private static final String ALPHABET = "abcxyz_:019.eE+-*/%^=!~<>(){}[],'\"`\\@# \n\tsumbyoffsetnanInf";

  @Test
  void mutatedQueriesFailCleanly() {
    long seed = Long.getLong("promethium.fuzz.seed", 7L);
    Random rnd = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder(SEEDS.get(rnd.nextInt(SEEDS.size())));
      int edits = 1 + rnd.nextInt(4);
      for (int k = 0; k < edits && sb.length() > 0; k++) {
        int pos = rnd.nextInt(sb.length());
        char c = ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
        switch (rnd.nextInt(3)) {
          case 0 -> sb.deleteCharAt(pos);
          case 1 -> sb.insert(pos, c);
          default -> sb.setCharAt(pos, c);
        }
      }
      String q = sb.toString();
      try {
        PromQLParser.parseExpr(q).toString();
      } catch (ParseException e) {
        int bytes = q.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (e.startByte() < 0 || e.startByte() > e.endByte() || e.endByte() > bytes) {
          throw new AssertionError("seed " + seed + ": bad position in " + e.getMessage() + " for " + q);
        }
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ", case " + i + ": " + q + ": " + e, e);
      }
    }
  }
}
