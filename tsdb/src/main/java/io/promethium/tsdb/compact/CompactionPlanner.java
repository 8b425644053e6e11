package io.promethium.tsdb.compact;

import io.promethium.tsdb.block.BlockMeta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses which blocks to compact next, with Prometheus's rules ({@code LeveledCompactor.Plan}):
 *
 * <ol>
 *   <li>blocks whose time ranges overlap (e.g. after a backfill) are compacted together first;
 *   <li>otherwise, leaving out the newest block, the first group of 2+ blocks that fills an aligned range
 *       of the next size, or lies wholly before the newest block, is merged (smallest size first);
 *   <li>otherwise a large block (at least the middle range) with more than 5% tombstones per series is
 *       rewritten alone.
 * </ol>
 *
 * Stateless and thread-safe.
 */
final class CompactionPlanner {
  private final long[] ranges;

  CompactionPlanner(long[] ranges) {
    this.ranges = ranges.clone();
  }

  List<BlockMeta> plan(List<BlockMeta> metas) {
    List<BlockMeta> ds = new ArrayList<>(metas);
    ds.sort(Comparator.comparingLong(BlockMeta::minTime));
    List<BlockMeta> overlapping = selectOverlapping(ds);
    if (!overlapping.isEmpty()) {
      return overlapping;
    }
    if (ds.isEmpty()) {
      return List.of();
    }
    // The newest block stays out: it was just cut from the head, and leaving it alone for one block
    // duration lets users back up new data without overlaps.
    ds = ds.subList(0, ds.size() - 1);
    List<BlockMeta> selected = selectRange(ds);
    if (!selected.isEmpty()) {
      return selected;
    }
    for (int i = ds.size() - 1; i >= 0; i--) {
      BlockMeta m = ds.get(i);
      if (m.maxTime() - m.minTime() < ranges[ranges.length / 2]) {
        break;
      }
      if ((double) m.stats().numTombstones() / (m.stats().numSeries() + 1) > 0.05) {
        return List.of(m);
      }
    }
    return List.of();
  }

  private static List<BlockMeta> selectOverlapping(List<BlockMeta> ds) {
    List<BlockMeta> out = new ArrayList<>();
    if (ds.size() < 2) {
      return out;
    }
    long globalMax = ds.get(0).maxTime();
    for (int i = 1; i < ds.size(); i++) {
      BlockMeta d = ds.get(i);
      if (d.minTime() < globalMax) {
        if (out.isEmpty()) {
          out.add(ds.get(i - 1));
        }
        out.add(d);
      } else if (!out.isEmpty()) {
        break;
      }
      globalMax = Math.max(globalMax, d.maxTime());
    }
    return out;
  }

  private List<BlockMeta> selectRange(List<BlockMeta> ds) {
    if (ranges.length < 2 || ds.isEmpty()) {
      return List.of();
    }
    long highTime = ds.get(ds.size() - 1).minTime();
    for (int r = 1; r < ranges.length; r++) {
      long iv = ranges[r];
      outer:
      for (List<BlockMeta> p : splitByRange(ds, iv)) {
        for (BlockMeta m : p) {
          if (m.compaction().failed()) {
            continue outer;
          }
        }
        long mint = p.get(0).minTime();
        long maxt = p.get(p.size() - 1).maxTime();
        if ((maxt - mint == iv || maxt <= highTime) && p.size() > 1) {
          return p;
        }
      }
    }
    return List.of();
  }

  /** Groups consecutive blocks that fall in the same aligned window of size {@code tr}. */
  static List<List<BlockMeta>> splitByRange(List<BlockMeta> ds, long tr) {
    List<List<BlockMeta>> out = new ArrayList<>();
    int i = 0;
    while (i < ds.size()) {
      BlockMeta m = ds.get(i);
      long t0 = Math.floorDiv(m.minTime(), tr) * tr;
      if (m.maxTime() > t0 + tr) {
        i++; // spans past the window: misaligned or already this large
        continue;
      }
      List<BlockMeta> group = new ArrayList<>();
      while (i < ds.size() && ds.get(i).maxTime() <= t0 + tr) {
        group.add(ds.get(i));
        i++;
      }
      if (!group.isEmpty()) {
        out.add(group);
      }
    }
    return out;
  }
}
