package io.promethium.tsdb.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SeriesSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queries run while deletes rewrite tombstones and the block is closed under them. */
class BlockConcurrencyTest {
  @TempDir Path dir;

  @Test
  void queriesDuringDeleteAndClose() throws Exception {
    TreeMap<Labels, long[][]> data = BlockRoundTripTest.sampleData(30, 400, 0, 1000);
    Block b = Block.open(dir.resolve(BlockRoundTripTest.writeBlock(dir, data, 0, 400_000)));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    CountDownLatch started = new CountDownLatch(3);
    List<Future<Long>> results = new ArrayList<>();
    try {
      for (int w = 0; w < 3; w++) {
        results.add(pool.submit(() -> {
          started.countDown();
          long samples = 0;
          for (int round = 0; round < 20; round++) {
            Querier q;
            try {
              q = b.querier(0, 400_000);
            } catch (IllegalStateException closed) {
              break; // the block closed: no new readers
            }
            try (q) {
              SeriesSet ss = q.select(true, null, Matcher.of(MatchType.REGEX, "job", ".+"));
              SampleIterator it = null;
              while (ss.next()) {
                it = ss.at().iterator(it);
                while (it.next()) {
                  samples++;
                }
                assertNull(it.error());
              }
              assertNull(ss.error());
            }
          }
          return samples;
        }));
      }
      started.await();
      for (int i = 0; i < 5; i++) {
        b.delete(i * 10_000, i * 10_000 + 4_999, Matcher.equal("job", "odd"));
      }
      b.close();
      for (Future<Long> f : results) {
        assertTrue(f.get(60, TimeUnit.SECONDS) >= 0);
      }
    } finally {
      pool.shutdownNow();
    }
    // Tombstones persisted: 15 odd series x 5 intervals.
    try (Block again = Block.open(b.dir())) {
      assertEquals(15 * 5, again.meta().stats().numTombstones());
    }
  }
}
