package io.promethium.core.labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * An immutable set of labels, sorted by name, with unique names and no empty values.
 *
 * <p>Stored as two arrays, the sorted names and their values. The names array is shared by every set with
 * the same names ({@link LabelNameSets}): the series of a metric family differ in values only, so a set
 * costs this object, one array of values and the strings, which a store shares too ({@link
 * #shareStrings}). For five labels that is 20 bytes less than one array of names and values per set. The
 * hash is computed once. Thread-safe (immutable). Build with {@link #of(String...)}, {@link #builder()} or
 * {@link #fromMap(Map)}.
 */
public final class Labels implements Comparable<Labels> {
  /** The label that holds the metric name. */
  public static final String METRIC_NAME = "__name__";

  private static final String[] NONE = new String[0];

  public static final Labels EMPTY = new Labels(NONE, NONE);

  /** Sorted, unique; possibly shared with other sets (never modified but by {@link #shareStrings}). */
  private final String[] names;
  private final String[] values;
  private int hash;

  private Labels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  /** A set over {@code pairs[0, len)} ({@code [name0, value0, ...]}, sorted, unique names). */
  private static Labels ofPairs(String[] pairs, int len) {
    if (len == 0) {
      return EMPTY;
    }
    int n = len >> 1;
    String[] names = new String[n];
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = pairs[i << 1];
      values[i] = pairs[(i << 1) + 1];
    }
    return new Labels(LabelNameSets.SHARED.canonical(names), values);
  }

  /** Labels from alternating names and values, in any order; empty values are dropped; later names win. */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("odd number of label name/value strings");
    }
    Builder b = new Builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.set(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  public static Labels fromMap(Map<String, String> map) {
    Builder b = new Builder();
    map.forEach(b::set);
    return b.build();
  }

  /**
   * A set from {@code [name0, value0, ...]} already sorted by name with unique names and no empty values
   * (not checked). For decoders (index, WAL) that read labels in sorted order.
   */
  public static Labels fromSortedPairs(String[] pairs) {
    return ofPairs(pairs, pairs.length);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public int size() {
    return names.length;
  }

  public boolean isEmpty() {
    return names.length == 0;
  }

  public String name(int i) {
    return names[i];
  }

  public String value(int i) {
    return values[i];
  }

  /** Whether this set and {@code other} keep their names in one array (see {@link LabelNameSets}). */
  boolean sharesNamesWith(Labels other) {
    return names == other.names;
  }

  /** The value of {@code name}, or {@code ""} when absent (Prometheus's convention). */
  public String get(String name) {
    int i = indexOf(name);
    return i < 0 ? "" : values[i];
  }

  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  /** The index of the label with this name, or a negative number. Binary search over the sorted names. */
  public int indexOf(String name) {
    int lo = 0;
    int hi = size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = names[mid].compareTo(name);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  public String metricName() {
    return get(METRIC_NAME);
  }

  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < names.length; i++) {
      action.accept(names[i], values[i]);
    }
  }

  public List<String> names() {
    return new ArrayList<>(Arrays.asList(names));
  }

  /** A copy without the metric name. */
  public Labels withoutMetricName() {
    return indexOf(METRIC_NAME) < 0 ? this : toBuilder().delete(METRIC_NAME).build();
  }

  /** Only the labels whose names are in {@code names}. */
  public Labels keepOnly(Collection<String> names) {
    Builder b = new Builder();
    for (int i = 0; i < this.names.length; i++) {
      if (names.contains(this.names[i])) {
        b.set(this.names[i], values[i]);
      }
    }
    return b.build();
  }

  /** All labels but those whose names are in {@code names}. */
  public Labels without(Collection<String> names) {
    Builder b = new Builder();
    for (int i = 0; i < this.names.length; i++) {
      if (!names.contains(this.names[i])) {
        b.set(this.names[i], values[i]);
      }
    }
    return b.build();
  }

  /**
   * Swaps this set's strings for the equal strings of {@code canonicalPairs} ({@code [name0, value0, ...]}
   * in this set's order), so that a store keeping this instance shares one copy of each name and value
   * with every other series (its symbol table) instead of keeping a copy of the whole set.
   *
   * <p>Invisible to users: every element is replaced only by an equal string, so equality, hash, order and
   * lookups give the same answers before, during and after. That holds for the names array too, which
   * other sets may share. Safe while other threads read this set: a reader sees, element by element,
   * either the old or the new reference; both are fully constructed immutable strings (safely published
   * through their final fields) with the same contents.
   *
   * @throws IllegalArgumentException when {@code canonicalPairs} is not element-wise equal to this set
   */
  public void shareStrings(String[] canonicalPairs) {
    if (canonicalPairs.length != names.length * 2) {
      throw new IllegalArgumentException("shareStrings: " + canonicalPairs.length + " strings for a set of "
          + names.length * 2);
    }
    for (int i = 0; i < names.length; i++) {
      if (!names[i].equals(canonicalPairs[i << 1])) {
        throw new IllegalArgumentException("shareStrings: string " + (i << 1) + " differs: "
            + canonicalPairs[i << 1]);
      }
      if (!values[i].equals(canonicalPairs[(i << 1) + 1])) {
        throw new IllegalArgumentException("shareStrings: string " + ((i << 1) + 1) + " differs: "
            + canonicalPairs[(i << 1) + 1]);
      }
    }
    for (int i = 0; i < names.length; i++) {
      // The names array is usually shared by every set with these names (LabelNameSets): after the first
      // set has been shared it already holds the canonical strings, and skipping the equal ones keeps the
      // other sets' threads from seeing stores (and their cache lines from bouncing) on every new series.
      if (names[i] != canonicalPairs[i << 1]) {
        names[i] = canonicalPairs[i << 1];
      }
      values[i] = canonicalPairs[(i << 1) + 1];
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Labels other)) {
      return false;
    }
    if (names.length != other.names.length || hashCode() != other.hashCode()) {
      return false;
    }
    return Arrays.equals(values, other.values) && (names == other.names || Arrays.equals(names, other.names));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      // The hash of the flat [name0, value0, ...] list, as Arrays.hashCode would give it.
      h = 1;
      for (int i = 0; i < names.length; i++) {
        h = 31 * h + names[i].hashCode();
        h = 31 * h + values[i].hashCode();
      }
      hash = h == 0 ? 1 : h;
    }
    return hash;
  }

  /**
   * Prometheus's order: label by label, name then value, strings compared as UTF-8 bytes (Go's string
   * order); a prefix sorts first.
   */
  @Override
  public int compareTo(Labels o) {
    int n = Math.min(names.length, o.names.length);
    for (int i = 0; i < n; i++) {
      int c = names[i] == o.names[i] ? 0 : compareUtf8(names[i], o.names[i]);
      if (c == 0) {
        c = compareUtf8(values[i], o.values[i]);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(names.length, o.names.length);
  }

  /**
   * Compares two strings in the order of their UTF-8 bytes, which is code point order. Java's
   * {@link String#compareTo} compares UTF-16 units and so puts supplementary characters (surrogates,
   * U+D800–U+DFFF) before U+E000–U+FFFF; Go, the index file and promtool put them after.
   */
  public static int compareUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (x >= 0xD800 && y >= 0xD800) {
          return codePointRank(x) - codePointRank(y);
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  /** Moves surrogates above U+E000–U+FFFF so that UTF-16 units compare as code points do. */
  private static int codePointRank(char c) {
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }

  /** {@code {a="1", b="2"}} as Prometheus prints a label set. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(names[i]).append("=\"");
      appendEscaped(sb, values[i]);
      sb.append('"');
    }
    return sb.append('}').toString();
  }

  static void appendEscaped(StringBuilder sb, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }

  /** Mutable builder; not thread-safe. Setting an empty value deletes the label. */
  public static final class Builder {
    private String[] pairs;
    private int len;

    Builder() {
      pairs = new String[16];
    }

    Builder(Labels base) {
      pairs = new String[Math.max(16, base.names.length * 2 + 4)];
      copyFrom(base);
    }

    public Builder reset(Labels base) {
      int n = base.names.length * 2;
      if (pairs.length < n) {
        pairs = new String[n + 8];
      }
      int old = len;
      copyFrom(base);
      if (old > n) {
        Arrays.fill(pairs, n, old, null);
      }
      return this;
    }

    private void copyFrom(Labels base) {
      for (int i = 0; i < base.names.length; i++) {
        pairs[i << 1] = base.names[i];
        pairs[(i << 1) + 1] = base.values[i];
      }
      len = base.names.length * 2;
    }

    public Builder set(String name, String value) {
      Objects.requireNonNull(name, "name");
      int i = find(name);
      if (value == null || value.isEmpty()) {
        if (i >= 0) {
          System.arraycopy(pairs, i + 2, pairs, i, len - i - 2);
          len -= 2;
          pairs[len] = null;
          pairs[len + 1] = null;
        }
        return this;
      }
      if (i >= 0) {
        pairs[i + 1] = value;
        return this;
      }
      int at = -(i + 1);
      if (len + 2 > pairs.length) {
        pairs = Arrays.copyOf(pairs, pairs.length * 2);
      }
      System.arraycopy(pairs, at, pairs, at + 2, len - at);
      pairs[at] = name;
      pairs[at + 1] = value;
      len += 2;
      return this;
    }

    public Builder delete(String name) {
      return set(name, null);
    }

    public String get(String name) {
      int i = find(name);
      return i < 0 ? "" : pairs[i + 1];
    }

    /** Index in the pair array of the name, or -(insertion point)-1. */
    private int find(String name) {
      int lo = 0;
      int hi = (len >> 1) - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        int c = pairs[mid << 1].compareTo(name);
        if (c < 0) {
          lo = mid + 1;
        } else if (c > 0) {
          hi = mid - 1;
        } else {
          return mid << 1;
        }
      }
      return -((lo << 1) + 1);
    }

    public int size() {
      return len >> 1;
    }

    public Labels build() {
      return ofPairs(pairs, len);
    }
  }
}
