package io.promethium.core.labels;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The label-name arrays {@link Labels} share: every series of a metric family usually has the same names
 * ({@code __name__, instance, job, ...}), so one array serves them all and a label set keeps only its
 * values. Bounded: past its capacity in distinct name sets (a pathological target or query), new ones are
 * simply not shared. Thread-safe; entries are never removed (a name set is a few dozen bytes).
 */
final class LabelNameSets {
  /** The process-wide instance {@link Labels} uses. */
  static final LabelNameSets SHARED = new LabelNameSets(8192);

  private final int capacity;
  private final ConcurrentHashMap<Key, String[]> sets = new ConcurrentHashMap<>();

  LabelNameSets(int capacity) {
    this.capacity = capacity;
  }

  /** The shared array equal to {@code names}, or {@code names} itself (then shared from now on, if room). */
  String[] canonical(String[] names) {
    Key key = new Key(names);
    String[] found = sets.get(key);
    if (found != null) {
      return found;
    }
    if (sets.size() >= capacity) {
      return names;
    }
    found = sets.putIfAbsent(key, names);
    return found != null ? found : names;
  }

  private static final class Key {
    final String[] names;
    final int hash;

    Key(String[] names) {
      this.names = names;
      this.hash = Arrays.hashCode(names);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && Arrays.equals(names, k.names);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
