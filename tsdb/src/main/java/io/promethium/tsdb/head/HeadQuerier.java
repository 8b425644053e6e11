package io.promethium.tsdb.head;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.Series;
import io.promethium.core.storage.SeriesSet;
import io.promethium.core.storage.SelectHints;
import io.promethium.core.storage.StorageException;
import io.promethium.tsdb.chunk.XorIterator;
import io.promethium.tsdb.tombstone.Intervals;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads the head over {@code [mint, maxt]}. {@link #select} takes a snapshot of each matching series under
 * its lock (chunk references plus a copy of the open chunk), so iteration needs no lock and sees no sample
 * committed later. Series are returned in label order. Not thread-safe.
 */
final class HeadQuerier implements Querier {
  private final Head head;
  private final long mint;
  private final long maxt;

  HeadQuerier(Head head, long mint, long maxt) {
    this.head = head;
    this.mint = mint;
    this.maxt = maxt;
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
    long lo = mint;
    long hi = maxt;
    if (hints != null) {
      // As Prometheus's block querier: the hints' range replaces the querier's (still not below the
      // head's min time, which blocks answer for).
      lo = Math.max(hints.start(), head.minTime());
      hi = hints.end();
    }
    long[] refs = head.postings.select(matchers);
    List<SnapshotSeries> out = new ArrayList<>();
    for (long ref : refs) {
      MemSeries s = head.series.getByRef(ref);
      if (s == null) {
        continue;
      }
      SnapshotSeries snap = snapshot(s, lo, hi);
      if (snap != null) {
        out.add(snap);
      }
    }
    out.sort((a, b) -> a.labels().compareTo(b.labels()));
    return new ListSeriesSet(out);
  }

  /** The series' chunks overlapping the range, or {@code null} when it has no sample there. */
  private SnapshotSeries snapshot(MemSeries s, long mint, long maxt) {
    synchronized (s) {
      int n = 0;
      for (int i = 0; i < s.mmapCount; i++) {
        if (s.mmapMaxT(i) >= mint && s.mmapMinT(i) <= maxt) {
          n++;
        }
      }
      boolean headIn = s.openChunkHasSamples() && s.openChunkMinT() <= maxt && s.openChunkMaxT() >= mint;
      if (n == 0 && !headIn) {
        return null;
      }
      long[] refs = new long[n];
      long[] maxTs = new long[n + 1];
      int k = 0;
      for (int i = 0; i < s.mmapCount; i++) {
        if (s.mmapMaxT(i) >= mint && s.mmapMinT(i) <= maxt) {
          maxTs[k] = s.mmapMaxT(i);
          refs[k++] = s.mmapRef(i);
        }
      }
      maxTs[n] = headIn ? s.openChunkMaxT() : Long.MIN_VALUE;
      byte[] headBytes = headIn ? s.openChunkBytes() : null;
      Intervals deleted = s.deleted;
      if (deleted != null && deleted.covers(mint, maxt)) {
        return null;
      }
      return new SnapshotSeries(s.labels, refs, maxTs, headBytes, deleted, mint, maxt);
    }
  }

  @Override
  public List<String> labelValues(String name, Matcher... matchers) {
    if (matchers.length == 0 && overlapsHead()) {
      return head.postings.labelValues(name);
    }
    TreeSet<String> out = new TreeSet<>(Labels::compareUtf8);
    forEachMatching(matchers, s -> {
      String v = s.labels().get(name);
      if (!v.isEmpty()) {
        out.add(v);
      }
    });
    return new ArrayList<>(out);
  }

  @Override
  public List<String> labelNames(Matcher... matchers) {
    if (matchers.length == 0 && overlapsHead()) {
      return head.postings.labelNames();
    }
    TreeSet<String> out = new TreeSet<>(Labels::compareUtf8);
    forEachMatching(matchers, s -> out.addAll(s.labels().names()));
    return new ArrayList<>(out);
  }

  private boolean overlapsHead() {
    return head.numSeries() > 0 && head.minTime() <= maxt && head.maxTime() >= mint;
  }

  private void forEachMatching(Matcher[] matchers, Consumer<Series> c) {
    if (matchers.length == 0) {
      return;
    }
    SeriesSet ss = select(false, null, matchers);
    while (ss.next()) {
      c.accept(ss.at());
    }
  }

  @Override
  public void close() {}

  /** A series snapshot: labels, mmapped chunk refs and a copy of the open chunk. */
  private final class SnapshotSeries implements Series {
    private final Labels labels;
    private final long[] chunkRefs;
    private final long[] chunkMaxTs;
    private final byte[] headBytes;
    private final Intervals deleted;
    private final long mint;
    private final long maxt;

    SnapshotSeries(Labels labels, long[] chunkRefs, long[] chunkMaxTs, byte[] headBytes,
        Intervals deleted, long mint, long maxt) {
      this.mint = mint;
      this.maxt = maxt;
      this.labels = labels;
      this.chunkRefs = chunkRefs;
      this.chunkMaxTs = chunkMaxTs;
      this.headBytes = headBytes;
      this.deleted = deleted;
    }

    @Override
    public Labels labels() {
      return labels;
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
      HeadSampleIterator it = reuse instanceof HeadSampleIterator h ? h : new HeadSampleIterator();
      it.reset(head, chunkRefs, chunkMaxTs, headBytes, deleted, mint, maxt);
      return it;
    }
  }

  /** A list of series as a {@link SeriesSet}. */
  static final class ListSeriesSet implements SeriesSet {
    private final List<? extends Series> list;
    private int i = -1;

    ListSeriesSet(List<? extends Series> list) {
      this.list = list;
    }

    @Override
    public boolean next() {
      return ++i < list.size();
    }

    @Override
    public Series at() {
      return list.get(i);
    }
  }

  /** Walks the chunks of a snapshot in order, keeping samples in range and not deleted. */
  static final class HeadSampleIterator implements SampleIterator {
    private Head head;
    private long[] refs;
    /** Max time per chunk: mmapped chunks, then the open chunk. */
    private long[] maxTs;
    private byte[] headBytes;
    private Intervals deleted;
    private long mint;
    private long maxt;
    private int chunk;
    private final XorIterator cur = new XorIterator();
    private boolean inChunk;
    private StorageException error;

    void reset(Head head, long[] refs, long[] maxTs, byte[] headBytes, Intervals deleted, long mint, long maxt) {
      this.head = head;
      this.refs = refs;
      this.maxTs = maxTs;
      this.headBytes = headBytes;
      this.deleted = deleted;
      this.mint = mint;
      this.maxt = maxt;
      this.chunk = -1;
      this.inChunk = false;
      this.error = null;
    }

    private boolean nextChunk() {
      while (true) {
        chunk++;
        if (chunk < refs.length) {
          try {
            head.mapper.iterator(refs[chunk], cur);
            return true;
          } catch (IOException e) {
            error = new StorageException("read head chunk: " + e.getMessage(), e);
            return false;
          }
        }
        if (chunk == refs.length && headBytes != null) {
          cur.reset(headBytes, 0, headBytes.length);
          return true;
        }
        return false;
      }
    }

    @Override
    public boolean next() {
      if (error != null) {
        return false;
      }
      while (true) {
        if (!inChunk) {
          if (!nextChunk()) {
            return false;
          }
          inChunk = true;
        }
        while (cur.next()) {
          long t = cur.timestamp();
          if (t < mint) {
            continue;
          }
          if (t > maxt) {
            // chunks are in time order: nothing later is in range
            refs = new long[0];
            headBytes = null;
            chunk = 0;
            maxTs = new long[] {Long.MIN_VALUE, Long.MIN_VALUE};
            inChunk = false;
            return false;
          }
          if (deleted != null && deleted.contains(t)) {
            continue;
          }
          return true;
        }
        if (cur.error() != null) {
          error = cur.error();
          return false;
        }
        inChunk = false;
      }
    }

    @Override
    public boolean seek(long t) {
      if (error != null) {
        return false;
      }
      if (inChunk && cur.timestamp() >= t) {
        return true;
      }
      // Skip whole chunks that end before t without decoding them.
      if (!inChunk || maxTs[chunk] < t) {
        inChunk = false;
        int total = refs.length + (headBytes != null ? 1 : 0);
        while (chunk + 1 < total && maxTs[chunk + 1] < t) {
          chunk++;
        }
      }
      while (next()) {
        if (cur.timestamp() >= t) {
          return true;
        }
      }
      return false;
    }

    @Override
    public long timestamp() {
      return cur.timestamp();
    }

    @Override
    public double value() {
      return cur.value();
    }

    @Override
    public StorageException error() {
      return error;
    }
  }
}
