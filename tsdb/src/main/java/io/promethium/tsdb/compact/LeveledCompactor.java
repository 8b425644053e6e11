package io.promethium.tsdb.compact;

import io.promethium.core.metrics.Counter;
import io.promethium.core.metrics.Histogram;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.tsdb.block.Block;
import io.promethium.tsdb.block.BlockMeta;
import io.promethium.tsdb.block.BlockWriter;
import io.promethium.tsdb.block.Ulid;
import io.promethium.tsdb.fileio.FileOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Prometheus's leveled compactor: {@link #plan} picks blocks to merge (see {@link CompactionPlanner}) and
 * {@link #compact} merges them into one new block whose meta.json records level (max parent level + 1),
 * sources (union of the parents' sources) and parents. Tombstoned samples are dropped, overlapping blocks
 * deduplicated. The parents are left in place; deleting them is the caller's job (the TSDB reloads and
 * drops blocks that are parents of another).
 *
 * <p>Self-metrics: {@code prometheus_tsdb_compactions_total}, {@code
 * prometheus_tsdb_compactions_failed_total}, {@code prometheus_tsdb_compaction_duration_seconds}.
 *
 * <p>Thread-safe for concurrent {@link #plan} calls; run one {@link #compact} at a time per data
 * directory (as Prometheus does).
 */
public final class LeveledCompactor {
  private final CompactionPlanner planner;
  private final long[] ranges;
  private final BlockWriter writer;
  private final Counter compactions;
  private final Counter failed;
  private final Histogram duration;

  /**
   * @param ranges block durations in milliseconds, ascending (see {@link BlockRanges})
   * @param ops file operations (tests inject failures)
   * @param metrics where self-metrics are registered; a fresh registry if {@code null}
   */
  public LeveledCompactor(long[] ranges, FileOps ops, MetricsRegistry metrics) {
    if (ranges.length == 0) {
      throw new IllegalArgumentException("at least one block range is required");
    }
    this.ranges = ranges.clone();
    this.planner = new CompactionPlanner(ranges);
    this.writer = new BlockWriter(ops);
    MetricsRegistry m = metrics != null ? metrics : new MetricsRegistry();
    this.compactions = m.counter("prometheus_tsdb_compactions_total", "Total number of compactions that were executed for the partition.");
    this.failed = m.counter("prometheus_tsdb_compactions_failed_total", "Total number of compactions that failed for the partition.");
    this.duration =
        m.histogram(
            "prometheus_tsdb_compaction_duration_seconds",
            "Duration of compaction runs",
            new double[] {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192});
  }

  public LeveledCompactor(long[] ranges) {
    this(ranges, FileOps.local(), null);
  }

  public long[] ranges() {
    return ranges.clone();
  }

  /** The blocks to compact together next, or an empty list when there is nothing to do. */
  public List<BlockMeta> plan(List<BlockMeta> metas) {
    return planner.plan(metas);
  }

  /**
   * Merges the blocks into a new block in {@code dest}.
   *
   * @return the new ULID, or empty when the merged blocks hold no samples (e.g. all deleted)
   */
  public Optional<String> compact(List<Block> blocks, Path dest) throws IOException {
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("nothing to compact");
    }
    long start = System.nanoTime();
    List<Block> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingLong(b -> b.meta().minTime()));
    List<Block> acquired = new ArrayList<>();
    try {
      for (Block b : sorted) {
        b.acquire();
        acquired.add(b);
      }
      long minT = Long.MAX_VALUE;
      long maxT = Long.MIN_VALUE;
      int level = 0;
      TreeSet<String> sources = new TreeSet<>();
      List<BlockMeta.BlockDesc> parents = new ArrayList<>();
      for (Block b : sorted) {
        BlockMeta m = b.meta();
        minT = Math.min(minT, m.minTime());
        maxT = Math.max(maxT, m.maxTime());
        level = Math.max(level, m.compaction().level());
        sources.addAll(m.compaction().sources());
        parents.add(new BlockMeta.BlockDesc(m.ulid(), m.minTime(), m.maxTime()));
      }
      String ulid = Ulid.generate(System.currentTimeMillis());
      BlockMeta.Compaction c =
          new BlockMeta.Compaction(level + 1, new ArrayList<>(sources), parents, false, false);
      Optional<String> out =
          writer.write(dest, ulid, minT, maxT, c, new MergedSeriesSource(sorted));
      compactions.inc();
      return out;
    } catch (IOException | RuntimeException e) {
      failed.inc();
      throw e;
    } finally {
      for (Block b : acquired) {
        b.release();
      }
      duration.observe((System.nanoTime() - start) / 1e9);
    }
  }
}
