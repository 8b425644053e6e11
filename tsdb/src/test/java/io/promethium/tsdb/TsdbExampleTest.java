package io.promethium.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.Appender;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SeriesSet;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library in five steps: open, append, commit, query, close. Copied into the README. */
class TsdbExampleTest {
  @TempDir Path dataDir;

  @Test
  void openAppendCommitQueryClose() throws Exception {
    try (Tsdb db = Tsdb.open(dataDir, TsdbOptions.defaults())) {
      // Append: one appender per batch (e.g. one scrape); keep the returned ref for the next append.
      Appender app = db.appender();
      Labels series = Labels.of("__name__", "http_requests_total", "job", "api");
      long ref = 0;
      for (long t = 1_000; t <= 60_000; t += 15_000) {
        ref = app.append(ref, series, t, t / 1000.0);
      }
      app.commit(); // durable in the WAL, visible to queries

      // Query: samples with 0 <= t <= 60s of series matching job="api".
      double sum = 0;
      int count = 0;
      try (Querier q = db.querier(0, 60_000)) {
        SeriesSet set = q.select(true, null, Matcher.equal("job", "api"));
        while (set.next()) {
          SampleIterator it = set.at().iterator(null);
          while (it.next()) {
            sum += it.value();
            count++;
          }
        }
      }
      assertEquals(4, count);
      assertEquals(1 + 16 + 31 + 46, sum);
    }
  }
}
