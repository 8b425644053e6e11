package io.promethium.core.exposition;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of valid bodies: whatever the bytes, a parser either parses or throws
 * {@link ExpositionParseException} with a position inside the body; nothing else escapes. The seed is in
 * the failure message.
 */
class ParserFuzzTest {
  private static final byte[] INTERESTING = "{}=\",# \n\t\\.eE+-_0123456789aINfn\u00ff".getBytes(StandardCharsets.ISO_8859_1);

  @Test
  void mutatedBodiesFailCleanly() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    byte[][] seeds = {
      PromTextParserTest.INPUT.getBytes(StandardCharsets.UTF_8),
      OpenMetricsParserTest.INPUT.getBytes(StandardCharsets.UTF_8)
    };
    for (int i = 0; i < 20_000; i++) {
      byte[] body = seeds[i % 2].clone();
      for (int k = 1 + r.nextInt(4); k > 0; k--) {
        int at = r.nextInt(body.length);
        body[at] = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : (byte) r.nextInt(256);
      }
      int len = r.nextInt(4) == 0 ? r.nextInt(body.length + 1) : body.length;
      for (LineParser p : new LineParser[] {new PromTextParser(body, 0, len), new OpenMetricsParser(body, 0, len)}) {
        try {
          ParseTrace.trace(p);
        } catch (ExpositionParseException e) {
          if (e.offset() < 0 || e.offset() > len || e.line() < 1 || e.column() < 1) {
            fail("seed " + seed + ": bad position in " + e.getMessage() + " offset " + e.offset());
          }
        } catch (RuntimeException e) {
          throw new AssertionError("seed " + seed + ", iteration " + i + ": " + e, e);
        }
      }
    }
  }
}
