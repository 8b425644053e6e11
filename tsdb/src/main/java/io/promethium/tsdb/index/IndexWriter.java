package io.promethium.tsdb.index;

import io.promethium.core.labels.Labels;
import io.promethium.tsdb.fileio.ByteEncoder;
import io.promethium.tsdb.fileio.FileOps;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a block index file in format V2 (see {@link IndexFormat} and {@code docs/format/index.md}).
 *
 * <p>Call order: {@link #addSymbols} once with every label name and value, then {@link #addSeries} for
 * each series in {@link LabelsOrder}, then {@link #close()}, which writes the label indices (still read by older
 * tools), postings lists, both offset tables and the TOC, and fsyncs. Series entries stream to the file;
 * postings are held in memory (4 bytes per label of each series) until close.
 *
 * <p>Not thread-safe.
 */
public final class IndexWriter implements AutoCloseable {
  private final Path file;
  private final FileOps ops;
  private final FileChannel ch;
  private final ByteEncoder buf = new ByteEncoder(1 << 16);
  private final ByteEncoder entry = new ByteEncoder(256);
  /** Bytes already written to the channel. */
  private long flushed;

  private final long[] toc = new long[IndexFormat.TOC_ENTRIES];
  private Map<String, Integer> symbolIndex;
  private String[] symbols;
  /** name → value → series refs, both levels sorted in UTF-8 order. */
  private final TreeMap<String, TreeMap<String, IntList>> postings = new TreeMap<>(Utf8Order.INSTANCE);
  private final IntList allPostings = new IntList();
  private Labels lastLabels;
  private boolean closed;

  public IndexWriter(Path file, FileOps ops) throws IOException {
    this.file = file;
    this.ops = ops;
    this.ch = ops.create(file);
    buf.putBe32(IndexFormat.MAGIC).putByte(IndexFormat.VERSION_2);
  }

  private long pos() {
    return flushed + buf.length();
  }

  private void maybeFlush() throws IOException {
    if (buf.length() >= 1 << 20) {
      buf.writeTo(ch);
      flushed += buf.length();
      buf.reset();
    }
  }

  private void padTo(int align) {
    while (pos() % align != 0) {
      buf.putByte(0);
    }
  }

  /** Writes the symbol table. {@code names} must hold every label name and value used by the series. */
  public void addSymbols(Iterable<String> names) throws IOException {
    if (symbols != null) {
      throw new IllegalStateException("index " + file + ": symbols already added");
    }
    List<String> sorted = new ArrayList<>();
    // Prometheus's blocks always hold the empty string: the head's symbols include the all-postings key
    // ("", ""). Adding it keeps our index byte-identical to theirs.
    sorted.add("");
    for (String s : names) {
      sorted.add(s);
    }
    sorted.sort(Utf8Order.INSTANCE);
    List<String> dedup = new ArrayList<>(sorted.size());
    for (String s : sorted) {
      if (dedup.isEmpty() || !dedup.get(dedup.size() - 1).equals(s)) {
        dedup.add(s);
      }
    }
    symbols = dedup.toArray(new String[0]);
    symbolIndex = new HashMap<>(symbols.length * 2);
    for (int i = 0; i < symbols.length; i++) {
      symbolIndex.put(symbols[i], i);
    }
    toc[0] = pos();
    int start = buf.length();
    buf.putBe32(0); // length, patched below
    int bodyStart = buf.length();
    buf.putBe32(symbols.length);
    for (String s : symbols) {
      buf.putUvarintString(s);
    }
    buf.setBe32(start, buf.length() - bodyStart);
    buf.putBe32(buf.crc32c(bodyStart, buf.length()));
    maybeFlush();
    toc[1] = pos();
  }

  /**
   * Adds a series with its chunks, in strictly increasing label order.
   *
   * @param n number of chunks (prefix of the arrays used)
   * @return the series reference (its offset / 16)
   */
  public long addSeries(Labels labels, long[] minTimes, long[] maxTimes, long[] refs, int n)
      throws IOException {
    if (symbols == null) {
      throw new IllegalStateException("index " + file + ": addSymbols must come before addSeries");
    }
    if (lastLabels != null && LabelsOrder.INSTANCE.compare(lastLabels, labels) >= 0) {
      throw new IllegalArgumentException(
          "index " + file + ": series " + labels + " out of order after " + lastLabels);
    }
    lastLabels = labels;
    padTo(IndexFormat.SERIES_ALIGNMENT);
    long offset = pos();
    long ref = offset / IndexFormat.SERIES_ALIGNMENT;
    if (ref > 0xFFFFFFFFL) {
      throw new IOException("index " + file + ": series section exceeds the 64 GiB the format can address");
    }
    entry.reset();
    entry.putUvarint(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      entry.putUvarint(symbol(labels.name(i)));
      entry.putUvarint(symbol(labels.value(i)));
      postings
          .computeIfAbsent(labels.name(i), k -> new TreeMap<>(Utf8Order.INSTANCE))
          .computeIfAbsent(labels.value(i), k -> new IntList())
          .add((int) ref);
    }
    allPostings.add((int) ref);
    entry.putUvarint(n);
    for (int i = 0; i < n; i++) {
      if (i == 0) {
        entry.putVarint(minTimes[0]);
        entry.putUvarint(maxTimes[0] - minTimes[0]);
        entry.putUvarint(refs[0]);
      } else {
        entry.putUvarint(minTimes[i] - maxTimes[i - 1]);
        entry.putUvarint(maxTimes[i] - minTimes[i]);
        entry.putVarint(refs[i] - refs[i - 1]);
      }
    }
    buf.putUvarint(entry.length());
    buf.putBytes(entry.array(), 0, entry.length());
    buf.putBe32(entry.crc32c(0, entry.length()));
    maybeFlush();
    return ref;
  }

  private int symbol(String s) {
    Integer i = symbolIndex.get(s);
    if (i == null) {
      throw new IllegalArgumentException("index " + file + ": label string '" + s + "' missing from symbols");
    }
    return i;
  }

  /** Writes the remaining sections and the TOC, fsyncs and closes the file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (ch) {
      if (symbols == null) {
        addSymbols(List.of());
      }
      writeLabelIndices();
      Map<String, Map<String, Long>> postingsOffsets = writePostings();
      writeLabelOffsetTable();
      writePostingsOffsetTable(postingsOffsets);
      writeToc();
      buf.writeTo(ch);
      flushed += buf.length();
      buf.reset();
      ops.sync(ch);
    }
  }

  private final Map<String, Long> labelIndexOffsets = new HashMap<>();

  private void writeLabelIndices() throws IOException {
    // The TOC points at the end of the series (before alignment padding), as Prometheus writes it.
    toc[2] = pos();
    for (Map.Entry<String, TreeMap<String, IntList>> e : postings.entrySet()) {
      padTo(IndexFormat.SECTION_ALIGNMENT);
      labelIndexOffsets.put(e.getKey(), pos());
      int start = buf.length();
      buf.putBe32(0);
      int body = buf.length();
      buf.putBe32(1); // one name per label index
      buf.putBe32(e.getValue().size());
      for (String v : e.getValue().keySet()) {
        buf.putBe32(symbol(v));
      }
      buf.setBe32(start, buf.length() - body);
      buf.putBe32(buf.crc32c(body, buf.length()));
      maybeFlush();
    }
  }

  private Map<String, Map<String, Long>> writePostings() throws IOException {
    toc[4] = pos();
    Map<String, Map<String, Long>> offsets = new HashMap<>();
    long allOffset = writePostingsList(allPostings);
    offsets.put(IndexFormat.ALL_POSTINGS_NAME, Map.of(IndexFormat.ALL_POSTINGS_VALUE, allOffset));
    for (Map.Entry<String, TreeMap<String, IntList>> e : postings.entrySet()) {
      Map<String, Long> byValue = new HashMap<>();
      for (Map.Entry<String, IntList> v : e.getValue().entrySet()) {
        byValue.put(v.getKey(), writePostingsList(v.getValue()));
      }
      offsets.put(e.getKey(), byValue);
    }
    return offsets;
  }

  private long writePostingsList(IntList refs) throws IOException {
    padTo(IndexFormat.SECTION_ALIGNMENT);
    long offset = pos();
    int start = buf.length();
    buf.putBe32(0);
    int body = buf.length();
    buf.putBe32(refs.size());
    for (int i = 0; i < refs.size(); i++) {
      buf.putBe32(refs.get(i));
    }
    buf.setBe32(start, buf.length() - body);
    buf.putBe32(buf.crc32c(body, buf.length()));
    maybeFlush();
    return offset;
  }

  private void writeLabelOffsetTable() throws IOException {
    toc[3] = pos();
    int start = buf.length();
    buf.putBe32(0);
    int body = buf.length();
    buf.putBe32(postings.size());
    for (String name : postings.keySet()) {
      buf.putByte(1);
      buf.putUvarintString(name);
      buf.putUvarint(labelIndexOffsets.get(name));
    }
    buf.setBe32(start, buf.length() - body);
    buf.putBe32(buf.crc32c(body, buf.length()));
    maybeFlush();
  }

  private void writePostingsOffsetTable(Map<String, Map<String, Long>> offsets) throws IOException {
    toc[5] = pos();
    int start = buf.length();
    buf.putBe32(0);
    int body = buf.length();
    int count = 1;
    for (TreeMap<String, IntList> values : postings.values()) {
      count += values.size();
    }
    buf.putBe32(count);
    putPostingsOffset(IndexFormat.ALL_POSTINGS_NAME, IndexFormat.ALL_POSTINGS_VALUE,
        offsets.get(IndexFormat.ALL_POSTINGS_NAME).get(IndexFormat.ALL_POSTINGS_VALUE));
    for (Map.Entry<String, TreeMap<String, IntList>> e : postings.entrySet()) {
      Map<String, Long> byValue = offsets.get(e.getKey());
      for (String v : e.getValue().keySet()) {
        putPostingsOffset(e.getKey(), v, byValue.get(v));
      }
    }
    buf.setBe32(start, buf.length() - body);
    buf.putBe32(buf.crc32c(body, buf.length()));
    maybeFlush();
  }

  private void putPostingsOffset(String name, String value, long offset) {
    buf.putByte(2);
    buf.putUvarintString(name);
    buf.putUvarintString(value);
    buf.putUvarint(offset);
  }

  private void writeToc() {
    int start = buf.length();
    for (long t : toc) {
      buf.putBe64(t);
    }
    buf.putBe32(buf.crc32c(start, buf.length()));
  }

  /** A growable int array; postings of one label value. */
  static final class IntList {
    private int[] a = new int[4];
    private int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int get(int i) {
      return a[i];
    }

    int size() {
      return n;
    }
  }
}
