package io.promethium.core.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promethium.core.labels.Labels;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a scrape loop uses the parsers: one parser reused across scrapes, series bytes as the cache key, and
 * {@code labels()} only for series not seen before. Runnable documentation.
 */
class ExpositionExampleTest {
  @Test
  void scrapeLoop() throws ExpositionParseException {
    Map<ByteBuffer, Labels> seriesCache = new HashMap<>(); // a real cache maps to a storage ref
    Labels.Builder scratch = Labels.builder();
    ExpositionParser parser = null;
    int parsedLabelSets = 0;
    double lastUp = 0;
    for (int scrape = 0; scrape < 3; scrape++) {
      byte[] body = ("# TYPE up gauge\nup{job=\"a\"} " + scrape + "\nrequests_total 10\n")
          .getBytes(StandardCharsets.UTF_8);
      parser = ExpositionParsers.reuse(parser, "text/plain; version=0.0.4", body, 0, body.length);
      ExpositionParser.Entry e;
      while ((e = parser.next()) != ExpositionParser.Entry.EOF) {
        if (e != ExpositionParser.Entry.SERIES) {
          continue; // TYPE/HELP/UNIT feed the metadata cache
        }
        ByteBuffer key = ByteBuffer.wrap(parser.buffer(), parser.seriesStart(),
            parser.seriesEnd() - parser.seriesStart());
        Labels labels = seriesCache.get(key);
        if (labels == null) {
          labels = parser.labels(scratch);
          parsedLabelSets++;
          byte[] copy = new byte[key.remaining()];
          key.get(copy);
          seriesCache.put(ByteBuffer.wrap(copy), labels); // the body's bytes are reused next scrape
        }
        if (labels.metricName().equals("up")) {
          lastUp = parser.value();
        }
      }
    }
    assertEquals(2, parsedLabelSets); // only on the first scrape
    assertEquals(2.0, lastUp);
  }
}
