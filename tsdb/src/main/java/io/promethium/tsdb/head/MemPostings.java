package io.promethium.tsdb.head;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The head's inverted index: label name → value → sorted series refs, plus the list of all refs. Also the
 * head's symbol table: {@link #add} swaps the strings of the series' labels for the index's own (see
 * {@link Labels#shareStrings}), so a name or value repeated over many series is stored once, and the one
 * {@code Labels} instance serves the caller (e.g. a scrape cache) and the head alike.
 *
 * <p>Matchers are answered without visiting all series: {@code =} is one lookup, a regex of plain
 * alternatives ({@code a|b|c}) is one lookup per alternative, other matchers test each distinct value of
 * their label once. Thread-safe (read-write lock; reads copy out the refs they return).
 */
final class MemPostings {
  /**
   * The refs of one label value, sorted ascending: in an {@code int[]} while every ref fits (the head
   * hands refs out from 1, so that is the first 2^31 series created), half the bytes of a {@code long[]};
   * widened to a {@code long[]} for good by the first ref that does not fit (e.g. a WAL whose refs are
   * that high). A series is in one list per label plus the list of all.
   */
  private static final class RefList {
    private static final int[] NO_INTS = new int[0];

    final String value;
    private int[] ints = NO_INTS;
    /** The refs once widened, else {@code null}. */
    private long[] longs;
    int size;

    RefList(String value) {
      this.value = value;
    }

    private int capacity() {
      return longs != null ? longs.length : ints.length;
    }

    private long at(int i) {
      return longs != null ? longs[i] : ints[i];
    }

    /** Index of {@code ref}, or {@code -(insertion point) - 1}. */
    private int search(long ref) {
      if (longs != null) {
        return Arrays.binarySearch(longs, 0, size, ref);
      }
      if (ref > Integer.MAX_VALUE || ref < 0) {
        return ref < 0 ? -1 : -size - 1; // below or above every int ref
      }
      return Arrays.binarySearch(ints, 0, size, (int) ref);
    }

    void add(long ref) {
      if (longs == null && (ref > Integer.MAX_VALUE || ref < 0)) {
        longs = new long[Math.max(2, ints.length)];
        for (int i = 0; i < size; i++) {
          longs[i] = ints[i];
        }
        ints = NO_INTS;
      }
      if (size == capacity()) {
        // 1.5x: the lists of shared values (job, instance, metric name) hold every series' ref, and a
        // doubling leaves a third of them empty on average.
        int n = size + (size >> 1) + 2;
        if (longs != null) {
          longs = Arrays.copyOf(longs, n);
        } else {
          ints = Arrays.copyOf(ints, n);
        }
      }
      int at;
      if (size == 0 || at(size - 1) < ref) {
        at = size;
      } else {
        at = search(ref);
        if (at >= 0) {
          return;
        }
        at = -at - 1;
      }
      if (longs != null) {
        System.arraycopy(longs, at, longs, at + 1, size - at);
        longs[at] = ref;
      } else {
        System.arraycopy(ints, at, ints, at + 1, size - at);
        ints[at] = (int) ref;
      }
      size++;
    }

    void remove(long ref) {
      int at = search(ref);
      if (at >= 0) {
        if (longs != null) {
          System.arraycopy(longs, at + 1, longs, at, size - at - 1);
        } else {
          System.arraycopy(ints, at + 1, ints, at, size - at - 1);
        }
        size--;
      }
    }

    /** Copies the refs into {@code out} from {@code off}. */
    void copyTo(long[] out, int off) {
      if (longs != null) {
        System.arraycopy(longs, 0, out, off, size);
        return;
      }
      int[] a = ints;
      for (int i = 0; i < size; i++) {
        out[off + i] = a[i];
      }
    }

    long[] toArray() {
      long[] out = new long[size];
      copyTo(out, 0);
      return out;
    }
  }

  private static final class ValueMap {
    final String name;
    final HashMap<String, RefList> values = new HashMap<>();

    ValueMap(String name) {
      this.name = name;
    }
  }

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final HashMap<String, ValueMap> names = new HashMap<>();
  private final RefList all = new RefList("");

  /**
   * Indexes a series and swaps the strings of {@code labels} for the index's canonical ones in place
   * (equal strings, so nothing observable changes); returns {@code labels}.
   */
  Labels add(long ref, Labels labels) {
    int n = labels.size();
    String[] canon = new String[n * 2];
    lock.writeLock().lock();
    try {
      for (int i = 0; i < n; i++) {
        String name = labels.name(i);
        String value = labels.value(i);
        ValueMap vm = names.get(name);
        if (vm == null) {
          vm = new ValueMap(name);
          names.put(vm.name, vm);
        }
        RefList rl = vm.values.get(value);
        if (rl == null) {
          rl = new RefList(value);
          vm.values.put(rl.value, rl);
        }
        rl.add(ref);
        canon[i * 2] = vm.name;
        canon[i * 2 + 1] = rl.value;
      }
      all.add(ref);
    } finally {
      lock.writeLock().unlock();
    }
    labels.shareStrings(canon);
    return labels;
  }

  void remove(long ref, Labels labels) {
    lock.writeLock().lock();
    try {
      for (int i = 0; i < labels.size(); i++) {
        ValueMap vm = names.get(labels.name(i));
        if (vm == null) {
          continue;
        }
        RefList rl = vm.values.get(labels.value(i));
        if (rl == null) {
          continue;
        }
        rl.remove(ref);
        if (rl.size == 0) {
          vm.values.remove(labels.value(i));
          if (vm.values.isEmpty()) {
            names.remove(labels.name(i));
          }
        }
      }
      all.remove(ref);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Sorted label names. */
  List<String> labelNames() {
    lock.readLock().lock();
    try {
      List<String> out = new ArrayList<>(names.keySet());
      out.sort(Labels::compareUtf8);
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Sorted values of a label. */
  List<String> labelValues(String name) {
    lock.readLock().lock();
    try {
      ValueMap vm = names.get(name);
      if (vm == null) {
        return List.of();
      }
      List<String> out = new ArrayList<>(vm.values.keySet());
      out.sort(Labels::compareUtf8);
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Number of series per value of a label (for TSDB status). */
  Map<String, Integer> valueCounts(String name) {
    lock.readLock().lock();
    try {
      Map<String, Integer> out = new HashMap<>();
      ValueMap vm = names.get(name);
      if (vm != null) {
        vm.values.forEach((v, rl) -> out.put(v, rl.size));
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** For each label name, the number of distinct values and the bytes of its values (for TSDB status). */
  void forEachName(NameStats visitor) {
    lock.readLock().lock();
    try {
      for (ValueMap vm : names.values()) {
        long bytes = 0;
        long series = 0;
        for (RefList rl : vm.values.values()) {
          bytes += (long) rl.value.length() * rl.size;
          series += rl.size;
        }
        visitor.accept(vm.name, vm.values.size(), series, bytes);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Top-{@code limit} cardinality figures; {@code label} is the label whose values are counted (e.g. __name__). */
  PostingsStats stats(String label, int limit) {
    List<PostingsStats.Entry> metrics = new ArrayList<>();
    List<PostingsStats.Entry> valueCount = new ArrayList<>();
    List<PostingsStats.Entry> memory = new ArrayList<>();
    List<PostingsStats.Entry> pairs = new ArrayList<>();
    long numPairs = 0;
    lock.readLock().lock();
    try {
      for (ValueMap vm : names.values()) {
        valueCount.add(new PostingsStats.Entry(vm.name, vm.values.size()));
        long size = 0;
        for (RefList rl : vm.values.values()) {
          if (vm.name.equals(label)) {
            metrics.add(new PostingsStats.Entry(rl.value, rl.size));
          }
          pairs.add(new PostingsStats.Entry(vm.name + "=" + rl.value, rl.size));
          size += (long) rl.value.length() * rl.size;
          numPairs++;
        }
        memory.add(new PostingsStats.Entry(vm.name, size));
      }
    } finally {
      lock.readLock().unlock();
    }
    return new PostingsStats(top(metrics, limit), top(valueCount, limit), top(memory, limit), top(pairs, limit), numPairs);
  }

  private static List<PostingsStats.Entry> top(List<PostingsStats.Entry> l, int limit) {
    l.sort((a, b) -> a.value() != b.value() ? Long.compare(b.value(), a.value()) : a.name().compareTo(b.name()));
    return List.copyOf(l.subList(0, Math.min(limit, l.size())));
  }

  interface NameStats {
    void accept(String name, int distinctValues, long seriesWithLabel, long valueBytes);
  }

  /** Sorted refs of the series matching every matcher. With no matchers, all series. */
  long[] select(Matcher... matchers) {
    lock.readLock().lock();
    try {
      long[] acc = null;
      List<long[]> subtract = new ArrayList<>();
      for (Matcher m : matchers) {
        if (m.matchesEmpty()) {
          // Series lacking the label match too: remove those whose value does not match.
          long[] bad = union(m, true);
          if (bad.length > 0) {
            subtract.add(bad);
          }
        } else {
          long[] good = union(m, false);
          acc = acc == null ? good : intersect(acc, good);
          if (acc.length == 0) {
            return acc;
          }
        }
      }
      if (acc == null) {
        acc = all.toArray();
      }
      for (long[] s : subtract) {
        acc = difference(acc, s);
      }
      return acc;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Union of the refs of values that match (or, with {@code inverse}, do not match) {@code m}. */
  private long[] union(Matcher m, boolean inverse) {
    ValueMap vm = names.get(m.name());
    if (vm == null) {
      return new long[0];
    }
    List<RefList> lists = new ArrayList<>();
    if (!inverse && m.type() == MatchType.EQUAL) {
      RefList rl = vm.values.get(m.value());
      if (rl != null) {
        lists.add(rl);
      }
    } else if (!inverse && m.type() == MatchType.REGEX && m.setMatches() != null) {
      for (String alt : m.setMatches()) {
        RefList rl = vm.values.get(alt);
        if (rl != null && !lists.contains(rl)) {
          lists.add(rl);
        }
      }
    } else {
      // A literal prefix ("foo" of foo.*) rules out most values with a startsWith before the regex runs.
      String prefix = m.type() == MatchType.REGEX ? m.prefix() : "";
      for (RefList rl : vm.values.values()) {
        boolean match = (prefix.isEmpty() || rl.value.startsWith(prefix)) && m.matches(rl.value);
        if (match != inverse) {
          lists.add(rl);
        }
      }
    }
    return merge(lists);
  }

  private static long[] merge(List<RefList> lists) {
    if (lists.isEmpty()) {
      return new long[0];
    }
    if (lists.size() == 1) {
      RefList rl = lists.get(0);
      return rl.toArray();
    }
    int n = 0;
    for (RefList rl : lists) {
      n += rl.size;
    }
    long[] out = new long[n];
    int k = 0;
    for (RefList rl : lists) {
      rl.copyTo(out, k);
      k += rl.size;
    }
    Arrays.sort(out);
    int w = 0;
    for (int i = 0; i < out.length; i++) {
      if (w == 0 || out[w - 1] != out[i]) {
        out[w++] = out[i];
      }
    }
    return w == out.length ? out : Arrays.copyOf(out, w);
  }

  static long[] intersect(long[] a, long[] b) {
    long[] out = new long[Math.min(a.length, b.length)];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) {
        i++;
      } else if (a[i] > b[j]) {
        j++;
      } else {
        out[k++] = a[i];
        i++;
        j++;
      }
    }
    return k == out.length ? out : Arrays.copyOf(out, k);
  }

  static long[] difference(long[] a, long[] b) {
    long[] out = new long[a.length];
    int j = 0;
    int k = 0;
    for (long x : a) {
      while (j < b.length && b[j] < x) {
        j++;
      }
      if (j < b.length && b[j] == x) {
        continue;
      }
      out[k++] = x;
    }
    return k == out.length ? out : Arrays.copyOf(out, k);
  }
}
