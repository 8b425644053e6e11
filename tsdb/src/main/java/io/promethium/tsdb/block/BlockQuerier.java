package io.promethium.tsdb.block;

import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SelectHints;
import io.promethium.core.storage.SeriesSet;
import io.promethium.core.storage.StorageException;
import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.index.IndexReader;
import io.promethium.tsdb.index.Postings;
import io.promethium.tsdb.tombstone.Tombstones;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A {@link Querier} over one block for samples in {@code [minT, maxT]}, with the block's tombstones as of
 * creation. Series come out in label order (block series references are assigned in label order), so
 * {@code sorted} costs nothing. Holds a block reference until {@link #close()}. Not thread-safe.
 */
final class BlockQuerier implements Querier {
  private final Block block;
  private final long minT;
  private final long maxT;
  private final Tombstones tombstones;
  private boolean closed;

  BlockQuerier(Block block, long minT, long maxT, Tombstones tombstones) {
    this.block = block;
    this.minT = minT;
    this.maxT = maxT;
    this.tombstones = tombstones;
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
    checkOpen();
    long lo = minT;
    long hi = maxT;
    if (hints != null) {
      // As Prometheus: the hints' range replaces the querier's.
      lo = hints.start();
      hi = hints.end();
    }
    try {
      Postings p = block.index().postingsForMatchers(matchers);
      return new BlockSeriesSet(block, p, lo, hi, tombstones);
    } catch (CorruptFileException e) {
      return BlockSeriesSet.failed(CorruptBlockException.of(block.dir(), e));
    }
  }

  @Override
  public List<String> labelValues(String name, Matcher... matchers) throws StorageException {
    checkOpen();
    IndexReader ix = block.index();
    try {
      if (matchers.length == 0) {
        return ix.labelValues(name);
      }
      return ix.labelValues(name, ix.postingsForMatchers(matchers));
    } catch (CorruptFileException e) {
      throw CorruptBlockException.of(block.dir(), e);
    }
  }

  @Override
  public List<String> labelNames(Matcher... matchers) throws StorageException {
    checkOpen();
    IndexReader ix = block.index();
    if (matchers.length == 0) {
      return ix.labelNames();
    }
    try {
      TreeSet<String> names = new TreeSet<>(io.promethium.tsdb.index.Utf8Order.INSTANCE);
      Postings p = ix.postingsForMatchers(matchers);
      IndexReader.SeriesEntry e = new IndexReader.SeriesEntry();
      while (p.next()) {
        ix.series(p.at(), e);
        for (int i = 0; i < e.labels().size(); i++) {
          names.add(e.labels().name(i));
        }
      }
      return new ArrayList<>(names);
    } catch (CorruptFileException e) {
      throw CorruptBlockException.of(block.dir(), e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("querier of " + block + " is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      block.release();
    }
  }
}
