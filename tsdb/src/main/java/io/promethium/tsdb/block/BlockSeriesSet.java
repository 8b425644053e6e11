package io.promethium.tsdb.block;

import io.promethium.core.labels.Labels;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.Series;
import io.promethium.core.storage.SeriesSet;
import io.promethium.core.storage.StorageException;
import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.index.IndexReader;
import io.promethium.tsdb.index.Postings;
import io.promethium.tsdb.tombstone.Intervals;
import io.promethium.tsdb.tombstone.Tombstones;
import java.util.Arrays;

/**
 * Series of a block selected by postings, with the chunks overlapping {@code [minT, maxT]} that are not
 * entirely deleted. Series with no such chunk are skipped. Not thread-safe; the returned {@link Series}
 * stay valid after {@link #next()} (each owns its chunk list).
 */
final class BlockSeriesSet implements SeriesSet {
  private final Block block;
  private final Postings postings;
  private final long minT;
  private final long maxT;
  private final Tombstones tombstones;
  private final IndexReader.SeriesEntry entry = new IndexReader.SeriesEntry();
  private BlockSeries current;
  private StorageException error;

  BlockSeriesSet(Block block, Postings postings, long minT, long maxT, Tombstones tombstones) {
    this.block = block;
    this.postings = postings;
    this.minT = minT;
    this.maxT = maxT;
    this.tombstones = tombstones;
  }

  static SeriesSet failed(StorageException e) {
    BlockSeriesSet s = new BlockSeriesSet(null, Postings.EMPTY, 0, 0, Tombstones.EMPTY);
    s.error = e;
    return s;
  }

  @Override
  public boolean next() {
    if (error != null) {
      return false;
    }
    while (postings.next()) {
      long ref = postings.at();
      try {
        block.index().series(ref, entry);
      } catch (CorruptFileException e) {
        error = CorruptBlockException.of(block.dir(), e);
        return false;
      }
      Intervals deleted = tombstones.get(ref);
      int n = entry.chunkCount();
      long[] refs = new long[n];
      long[] mins = new long[n];
      long[] maxs = new long[n];
      int k = 0;
      for (int i = 0; i < n; i++) {
        long cMin = entry.minTime(i);
        long cMax = entry.maxTime(i);
        if (cMax < minT || cMin > maxT || deleted.covers(cMin, cMax)) {
          continue;
        }
        refs[k] = entry.chunkRef(i);
        mins[k] = cMin;
        maxs[k] = cMax;
        k++;
      }
      if (k == 0) {
        continue;
      }
      boolean overlapping = false;
      for (int i = 1; i < k; i++) {
        overlapping |= mins[i] <= maxs[i - 1];
      }
      current =
          new BlockSeries(
              entry.labels(),
              Arrays.copyOf(refs, k),
              Arrays.copyOf(mins, k),
              Arrays.copyOf(maxs, k),
              deleted,
              overlapping);
      return true;
    }
    return false;
  }

  @Override
  public Series at() {
    return current;
  }

  @Override
  public StorageException error() {
    return error;
  }

  private final class BlockSeries implements Series {
    private final Labels labels;
    private final long[] refs;
    private final long[] mins;
    private final long[] maxs;
    private final Intervals deleted;
    private final boolean overlapping;

    BlockSeries(
        Labels labels, long[] refs, long[] mins, long[] maxs, Intervals deleted, boolean overlapping) {
      this.labels = labels;
      this.refs = refs;
      this.mins = mins;
      this.maxs = maxs;
      this.deleted = deleted;
      this.overlapping = overlapping;
    }

    @Override
    public Labels labels() {
      return labels;
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
      if (overlapping) {
        BlockSampleIterator raw = new BlockSampleIterator();
        raw.reset(block, refs, mins, maxs, minT, maxT, deleted);
        return new MergedChunksIterator(raw);
      }
      BlockSampleIterator it =
          reuse instanceof BlockSampleIterator b ? b : new BlockSampleIterator();
      it.reset(block, refs, mins, maxs, minT, maxT, deleted);
      return it;
    }
  }
}
