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
 * <p>Stored as one flat array {@code [name0, value0, name1, value1, ...]} so a label set costs one object
 * plus its strings; names are usually interned symbols shared across series. The hash is computed once.
 * Thread-safe (immutable). Build with {@link #of(String...)}, {@link #builder()} or {@link #fromMap(Map)}.
 */
public final class Labels implements Comparable<Labels> {
  /** The label that holds the metric name. */
  public static final String METRIC_NAME = "__name__";

  public static final Labels EMPTY = new Labels(new String[0]);

  private final String[] pairs;
  private int hash;

  private Labels(String[] pairs) {
    this.pairs = pairs;
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
   * Wraps an array already sorted by name with unique names and no empty values; the array is owned by the
   * result afterwards. For decoders (index, WAL) that read labels in sorted order.
   */
  public static Labels fromSortedPairs(String[] pairs) {
    return pairs.length == 0 ? EMPTY : new Labels(pairs);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public int size() {
    return pairs.length >> 1;
  }

  public boolean isEmpty() {
    return pairs.length == 0;
  }

  public String name(int i) {
    return pairs[i << 1];
  }

  public String value(int i) {
    return pairs[(i << 1) + 1];
  }

  /** The value of {@code name}, or {@code ""} when absent (Prometheus's convention). */
  public String get(String name) {
    int i = indexOf(name);
    return i < 0 ? "" : pairs[(i << 1) + 1];
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
      int c = pairs[mid << 1].compareTo(name);
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
    for (int i = 0; i < pairs.length; i += 2) {
      action.accept(pairs[i], pairs[i + 1]);
    }
  }

  public List<String> names() {
    List<String> out = new ArrayList<>(size());
    for (int i = 0; i < pairs.length; i += 2) {
      out.add(pairs[i]);
    }
    return out;
  }

  /** A copy without the metric name. */
  public Labels withoutMetricName() {
    return indexOf(METRIC_NAME) < 0 ? this : toBuilder().delete(METRIC_NAME).build();
  }

  /** Only the labels whose names are in {@code names}. */
  public Labels keepOnly(Collection<String> names) {
    Builder b = new Builder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (names.contains(pairs[i])) {
        b.set(pairs[i], pairs[i + 1]);
      }
    }
    return b.build();
  }

  /** All labels but those whose names are in {@code names}. */
  public Labels without(Collection<String> names) {
    Builder b = new Builder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (!names.contains(pairs[i])) {
        b.set(pairs[i], pairs[i + 1]);
      }
    }
    return b.build();
  }

  /** The flat array view; callers must not modify it. */
  public String[] pairsUnsafe() {
    return pairs;
  }

  /**
   * Swaps this set's strings for the equal strings of {@code canonicalPairs} (same layout as {@link
   * #pairsUnsafe()}), so that a store keeping this instance shares one copy of each name and value with
   * every other series (its symbol table) instead of keeping a copy of the whole set.
   *
   * <p>Invisible to users: every element is replaced only by an equal string, so equality, hash, order and
   * lookups give the same answers before, during and after. Safe while other threads read this set: a
   * reader sees, element by element, either the old or the new reference; both are fully constructed
   * immutable strings (safely published through their final fields) with the same contents.
   *
   * @throws IllegalArgumentException when {@code canonicalPairs} is not element-wise equal to this set
   */
  public void shareStrings(String[] canonicalPairs) {
    if (canonicalPairs.length != pairs.length) {
      throw new IllegalArgumentException("shareStrings: " + canonicalPairs.length + " strings for a set of "
          + pairs.length);
    }
    for (int i = 0; i < pairs.length; i++) {
      if (!pairs[i].equals(canonicalPairs[i])) {
        throw new IllegalArgumentException("shareStrings: string " + i + " differs: " + canonicalPairs[i]);
      }
    }
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = canonicalPairs[i];
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
    if (pairs.length != other.pairs.length || hashCode() != other.hashCode()) {
      return false;
    }
    return Arrays.equals(pairs, other.pairs);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(pairs);
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
    int n = Math.min(pairs.length, o.pairs.length);
    for (int i = 0; i < n; i++) {
      int c = compareUtf8(pairs[i], o.pairs[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pairs.length, o.pairs.length);
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
    for (int i = 0; i < pairs.length; i += 2) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(pairs[i]).append("=\"");
      appendEscaped(sb, pairs[i + 1]);
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
      pairs = Arrays.copyOf(base.pairs, Math.max(16, base.pairs.length + 4));
      len = base.pairs.length;
    }

    public Builder reset(Labels base) {
      if (pairs.length < base.pairs.length) {
        pairs = new String[base.pairs.length + 8];
      }
      System.arraycopy(base.pairs, 0, pairs, 0, base.pairs.length);
      Arrays.fill(pairs, base.pairs.length, len > base.pairs.length ? len : base.pairs.length, null);
      len = base.pairs.length;
      return this;
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
      return len == 0 ? EMPTY : new Labels(Arrays.copyOf(pairs, len));
    }
  }
}
