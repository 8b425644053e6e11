package io.promethium.tsdb;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SelectHints;
import io.promethium.core.storage.Series;
import io.promethium.core.storage.SeriesSet;
import io.promethium.core.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One querier over several (blocks and the head): series sets are merged in label order, and a series
 * present in more than one source gets one iterator that merges by timestamp, keeping the first source's
 * sample when timestamps collide (overlapping blocks, or a block and the head while a compaction lands).
 * Closing it closes every source. Not thread-safe.
 */
final class MergeQuerier implements Querier {
  private final List<Querier> queriers;

  MergeQuerier(List<Querier> queriers) {
    this.queriers = queriers;
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
    if (queriers.size() == 1) {
      return queriers.get(0).select(sorted, hints, matchers);
    }
    List<SeriesSet> sets = new ArrayList<>(queriers.size());
    for (Querier q : queriers) {
      sets.add(q.select(true, hints, matchers));
    }
    return new MergedSet(sets);
  }

  @Override
  public List<String> labelValues(String name, Matcher... matchers) throws StorageException {
    TreeSet<String> out = new TreeSet<>(Labels::compareUtf8);
    for (Querier q : queriers) {
      out.addAll(q.labelValues(name, matchers));
    }
    return new ArrayList<>(out);
  }

  @Override
  public List<String> labelNames(Matcher... matchers) throws StorageException {
    TreeSet<String> out = new TreeSet<>(Labels::compareUtf8);
    for (Querier q : queriers) {
      out.addAll(q.labelNames(matchers));
    }
    return new ArrayList<>(out);
  }

  @Override
  public void close() {
    RuntimeException err = null;
    for (Querier q : queriers) {
      try {
        q.close();
      } catch (RuntimeException e) {
        err = e;
      }
    }
    if (err != null) {
      throw err;
    }
  }

  /** K-way merge of sorted series sets. */
  static final class MergedSet implements SeriesSet {
    private final List<SeriesSet> sets;
    private final Series[] heads;
    private Series current;
    private StorageException error;
    private final List<String> warnings = new ArrayList<>();

    MergedSet(List<SeriesSet> sets) {
      this.sets = sets;
      this.heads = new Series[sets.size()];
      for (int i = 0; i < sets.size(); i++) {
        advance(i);
      }
    }

    private void advance(int i) {
      SeriesSet s = sets.get(i);
      if (s.next()) {
        heads[i] = s.at();
      } else {
        heads[i] = null;
        if (s.error() != null && error == null) {
          error = s.error();
        }
        warnings.addAll(s.warnings());
      }
    }

    @Override
    public boolean next() {
      Labels min = null;
      for (Series h : heads) {
        if (h != null && (min == null || h.labels().compareTo(min) < 0)) {
          min = h.labels();
        }
      }
      if (min == null || error != null) {
        return false;
      }
      List<Series> same = new ArrayList<>(2);
      for (int i = 0; i < heads.length; i++) {
        if (heads[i] != null && heads[i].labels().equals(min)) {
          same.add(heads[i]);
          advance(i);
        }
      }
      current = same.size() == 1 ? same.get(0) : new MergedSeries(min, same);
      return true;
    }

    @Override
    public Series at() {
      return current;
    }

    @Override
    public StorageException error() {
      return error;
    }

    @Override
    public List<String> warnings() {
      return warnings;
    }
  }

  /** The same series from several sources. */
  static final class MergedSeries implements Series {
    private final Labels labels;
    private final List<Series> parts;

    MergedSeries(Labels labels, List<Series> parts) {
      this.labels = labels;
      this.parts = parts;
    }

    @Override
    public Labels labels() {
      return labels;
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
      SampleIterator[] its = new SampleIterator[parts.size()];
      for (int i = 0; i < its.length; i++) {
        its[i] = parts.get(i).iterator(null);
      }
      return new MergedIterator(its);
    }
  }

  /** Merges iterators by timestamp; on equal timestamps the earliest iterator's sample wins. */
  static final class MergedIterator implements SampleIterator {
    private final SampleIterator[] its;
    private final boolean[] valid;
    private int cur = -1;
    private boolean started;
    private StorageException error;

    MergedIterator(SampleIterator[] its) {
      this.its = its;
      this.valid = new boolean[its.length];
    }

    @Override
    public boolean next() {
      if (!started) {
        started = true;
        for (int i = 0; i < its.length; i++) {
          valid[i] = its[i].next();
          checkError(i);
        }
      } else if (cur >= 0) {
        long t = its[cur].timestamp();
        for (int i = 0; i < its.length; i++) {
          if (valid[i] && its[i].timestamp() == t) {
            valid[i] = its[i].next();
            checkError(i);
          }
        }
      }
      return pick();
    }

    private void checkError(int i) {
      if (!valid[i] && its[i].error() != null && error == null) {
        error = its[i].error();
      }
    }

    private boolean pick() {
      cur = -1;
      long best = Long.MAX_VALUE;
      for (int i = 0; i < its.length; i++) {
        if (valid[i] && (cur < 0 || its[i].timestamp() < best)) {
          best = its[i].timestamp();
          cur = i;
        }
      }
      return cur >= 0;
    }

    @Override
    public boolean seek(long t) {
      if (started && cur >= 0 && its[cur].timestamp() >= t) {
        return true;
      }
      started = true;
      for (int i = 0; i < its.length; i++) {
        if (valid[i] || cur < 0) {
          valid[i] = its[i].seek(t);
          checkError(i);
        }
      }
      return pick();
    }

    @Override
    public long timestamp() {
      return its[cur].timestamp();
    }

    @Override
    public double value() {
      return its[cur].value();
    }

    @Override
    public StorageException error() {
      return error;
    }
  }
}
