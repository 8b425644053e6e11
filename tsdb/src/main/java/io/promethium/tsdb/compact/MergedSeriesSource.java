package io.promethium.tsdb.compact;

import io.promethium.core.labels.Labels;
import io.promethium.tsdb.block.Block;
import io.promethium.tsdb.block.CorruptBlockException;
import io.promethium.tsdb.block.SeriesChunks;
import io.promethium.tsdb.block.SeriesSource;
import io.promethium.tsdb.chunk.ChunkCutter;
import io.promethium.tsdb.chunk.ChunkEncoding;
import io.promethium.tsdb.chunk.ChunkReader;
import io.promethium.tsdb.chunk.EncodedChunk;
import io.promethium.tsdb.chunk.XorIterator;
import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.index.IndexReader;
import io.promethium.tsdb.index.LabelsOrder;
import io.promethium.tsdb.index.Postings;
import io.promethium.tsdb.tombstone.Intervals;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The series of several blocks merged in label order, for compaction. Per series: when no tombstone
 * touches its chunks and the chunks of different blocks do not overlap in time, the encoded chunks are
 * copied as they are (after a CRC check); otherwise the samples are decoded, deleted ones dropped, the
 * blocks' streams merged by timestamp keeping the first of equal timestamps (earlier block wins), and
 * re-encoded in chunks of 120 samples. Not thread-safe; the blocks must be held (acquired) while in use.
 */
final class MergedSeriesSource implements SeriesSource {
  private final Block[] blocks;
  private final Postings[] postings;
  private final IndexReader.SeriesEntry[] entries;
  private final boolean[] has;
  private final ChunkReader.ChunkLocation loc = new ChunkReader.ChunkLocation();
  private final XorIterator it = new XorIterator();

  MergedSeriesSource(List<Block> blocks) throws IOException {
    int n = blocks.size();
    this.blocks = blocks.toArray(new Block[0]);
    this.postings = new Postings[n];
    this.entries = new IndexReader.SeriesEntry[n];
    this.has = new boolean[n];
    for (int i = 0; i < n; i++) {
      try {
        postings[i] = this.blocks[i].index().allPostings();
      } catch (CorruptFileException e) {
        throw wrap(i, e);
      }
      entries[i] = new IndexReader.SeriesEntry();
      advance(i);
    }
  }

  private IOException wrap(int block, CorruptFileException e) {
    return new IOException(
        new CorruptBlockException(blocks[block].dir(), e.file(), e.offset(), e.getMessage(), e));
  }

  private void advance(int i) throws IOException {
    has[i] = postings[i].next();
    if (has[i]) {
      try {
        blocks[i].index().series(postings[i].at(), entries[i]);
      } catch (CorruptFileException e) {
        throw wrap(i, e);
      }
    }
  }

  @Override
  public SeriesChunks next() throws IOException {
    Labels min = null;
    for (int i = 0; i < blocks.length; i++) {
      if (has[i] && (min == null || LabelsOrder.INSTANCE.compare(entries[i].labels(), min) < 0)) {
        min = entries[i].labels();
      }
    }
    if (min == null) {
      return null;
    }
    List<Integer> sources = new ArrayList<>();
    for (int i = 0; i < blocks.length; i++) {
      if (has[i] && entries[i].labels().equals(min)) {
        sources.add(i);
      }
    }
    List<EncodedChunk> chunks = merge(sources);
    for (int i : sources) {
      advance(i);
    }
    return new SeriesChunks(min, chunks);
  }

  private List<EncodedChunk> merge(List<Integer> sources) throws IOException {
    boolean rewrite = false;
    List<long[]> metas = new ArrayList<>(); // {block, chunkIndex, minT, maxT}
    for (int b : sources) {
      IndexReader.SeriesEntry e = entries[b];
      Intervals del = blocks[b].tombstones().get(postings[b].at());
      for (int c = 0; c < e.chunkCount(); c++) {
        if (del.covers(e.minTime(c), e.maxTime(c))) {
          continue;
        }
        if (del.overlaps(e.minTime(c), e.maxTime(c))) {
          rewrite = true;
        }
        metas.add(new long[] {b, c, e.minTime(c), e.maxTime(c), e.chunkRef(c)});
      }
    }
    metas.sort((x, y) -> Long.compare(x[2], y[2]));
    for (int i = 1; i < metas.size() && !rewrite; i++) {
      if (metas.get(i)[2] <= metas.get(i - 1)[3]) {
        rewrite = true;
      }
    }
    try {
      if (!rewrite) {
        List<EncodedChunk> out = new ArrayList<>(metas.size());
        for (long[] m : metas) {
          byte[] data = blocks[(int) m[0]].chunks().bytes(m[4], loc);
          out.add(new EncodedChunk(m[2], m[3], loc.encoding(), data));
        }
        return out;
      }
      return reencode(sources);
    } catch (CorruptFileException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Decodes each source block's samples (minus deletions) and merges them by timestamp. */
  private List<EncodedChunk> reencode(List<Integer> sources) throws CorruptFileException {
    int k = sources.size();
    long[][] ts = new long[k][];
    long[][] vs = new long[k][];
    int[] len = new int[k];
    for (int s = 0; s < k; s++) {
      int b = sources.get(s);
      IndexReader.SeriesEntry e = entries[b];
      Intervals del = blocks[b].tombstones().get(postings[b].at());
      long[] t = new long[128];
      long[] v = new long[128];
      int n = 0;
      boolean sorted = true;
      long last = Long.MIN_VALUE;
      for (int c = 0; c < e.chunkCount(); c++) {
        blocks[b].chunks().locate(e.chunkRef(c), loc);
        if (loc.encoding() != ChunkEncoding.XOR_CODE) {
          throw new CorruptFileException(loc.file(), -1, "unsupported chunk encoding " + loc.encoding());
        }
        blocks[b].chunks().iterator(loc, it);
        while (it.next()) {
          long ti = it.timestamp();
          if (del.contains(ti)) {
            continue;
          }
          if (n > 0 && ti <= last) {
            sorted = false; // overlapping chunks within one block (out-of-order data)
          }
          if (n == t.length) {
            t = Arrays.copyOf(t, n * 2);
            v = Arrays.copyOf(v, n * 2);
          }
          t[n] = ti;
          v[n] = Double.doubleToRawLongBits(it.value());
          last = ti;
          n++;
        }
        if (it.error() != null) {
          throw new CorruptFileException(loc.file(), -1, it.error().getMessage());
        }
      }
      if (!sorted) {
        n = sortDedupe(t, v, n);
      }
      ts[s] = t;
      vs[s] = v;
      len[s] = n;
    }
    ChunkCutter cutter = new ChunkCutter();
    int[] pos = new int[k];
    long last = Long.MIN_VALUE;
    boolean any = false;
    while (true) {
      int best = -1;
      for (int s = 0; s < k; s++) {
        if (pos[s] < len[s] && (best < 0 || ts[s][pos[s]] < ts[best][pos[best]])) {
          best = s;
        }
      }
      if (best < 0) {
        break;
      }
      long t = ts[best][pos[best]];
      long v = vs[best][pos[best]];
      pos[best]++;
      if (any && t == last) {
        continue; // duplicate timestamp from an overlapping block: the earlier block's sample was kept
      }
      cutter.append(t, Double.longBitsToDouble(v));
      last = t;
      any = true;
    }
    return cutter.finish();
  }

  /**
   * Sorts samples by timestamp, keeping the first of equal timestamps (stable), and returns the new
   * count. Only for blocks whose chunks overlap, so boxing here costs nothing in the common case.
   */
  private static int sortDedupe(long[] t, long[] v, int n) {
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Long.compare(t[a], t[b]));
    long[] t2 = new long[n];
    long[] v2 = new long[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      int k = idx[i];
      if (m > 0 && t2[m - 1] == t[k]) {
        continue;
      }
      t2[m] = t[k];
      v2[m] = v[k];
      m++;
    }
    System.arraycopy(t2, 0, t, 0, m);
    System.arraycopy(v2, 0, v, 0, m);
    return m;
  }
}
