package io.promethium.tsdb.index;

import io.promethium.core.labels.Labels;
import io.promethium.tsdb.fileio.ByteDecoder;
import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.fileio.WindowedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a memory-mapped block index (format V2, see {@link IndexFormat}). Opening checks the magic,
 * version, TOC and the CRCs of the symbol and postings offset tables, and loads into memory the symbol
 * offsets (4 bytes per symbol) and a sample of the postings offset table (every 32nd value of each label
 * name, see {@link LabelValues}). Symbols are decoded on first use and kept (so memory grows up to the block's
 * symbol strings as series are read). Series entries and postings lists are read in place and checked against their
 * CRCs when read. Files above 2 GiB are mapped as overlapping windows ({@link WindowedFile}).
 *
 * <p>Thread-safe for concurrent reads (all state after opening is immutable; every call uses its own
 * decoder). {@link #close()} unmaps: the owning block ensures no reads are in flight.
 */
public final class IndexReader implements AutoCloseable {
  private final WindowedFile file;
  private final Path path;
  /** The window holding the symbol table, and each symbol's position in it. */
  private final ByteBuffer symbolsBuf;
  private final int[] symbolOffsets;
  /**
   * Decoded symbols, filled on first use so hot series don't re-decode (and re-allocate) their label
   * strings. Racy on purpose: two threads may decode the same symbol; both results are equal.
   */
  private final String[] symbolCache;
  /** name → sorted values and their postings offsets. Excludes the all-postings key. */
  private final Map<String, LabelValues> postingsTable;
  private final String[] labelNames;
  /** The window holding the postings offset table; entry positions in {@link LabelValues} are in it. */
  private ByteBuffer tableBuf;
  /** End of the postings offset table's body in {@link #tableBuf} (entries never read past it). */
  private int postingsTableEnd;
  private final long allPostingsOffset;

  private IndexReader(WindowedFile file) throws CorruptFileException {
    this.file = file;
    this.path = file.path();
    long size = file.size();
    if (size < IndexFormat.HEADER_SIZE + IndexFormat.TOC_SIZE) {
      throw corrupt(0, "index of " + size + " bytes is too small");
    }
    ByteBuffer head = file.buffer(0);
    if (head.getInt(0) != IndexFormat.MAGIC) {
      throw corrupt(0, String.format("invalid index magic %08x", head.getInt(0)));
    }
    int version = head.get(IndexFormat.MAGIC_SIZE) & 0xFF;
    if (version != IndexFormat.VERSION_2) {
      throw corrupt(IndexFormat.MAGIC_SIZE, "unsupported index version " + version + " (only 2 is read)");
    }
    long tocStart = size - IndexFormat.TOC_SIZE;
    ByteDecoder d = at(tocStart);
    int tocLocal = d.position();
    long[] toc = new long[IndexFormat.TOC_ENTRIES];
    for (int i = 0; i < toc.length; i++) {
      toc[i] = d.readBe64();
      if (toc[i] < 0 || toc[i] > tocStart) {
        throw corrupt(tocStart + 8L * i, "TOC entry " + i + " points outside the file: " + toc[i]);
      }
    }
    int crc = d.readBe32();
    if (crc != d.crc32c(tocLocal, tocLocal + IndexFormat.TOC_ENTRIES * 8)) {
      throw corrupt(tocStart, "TOC checksum mismatch");
    }
    symbolsBuf = toc[0] == 0 ? ByteBuffer.allocate(0) : file.buffer(toc[0]);
    symbolOffsets = readSymbols(toc[0]);
    symbolCache = new String[symbolOffsets.length];
    postingsTable = new HashMap<>();
    allPostingsOffset = readPostingsOffsetTable(toc[5]);
    labelNames = postingsTable.keySet().toArray(new String[0]);
    Arrays.sort(labelNames, Utf8Order.INSTANCE);
  }

  /** Maps and validates the index file. */
  public static IndexReader open(Path path) throws IOException, CorruptFileException {
    return open(WindowedFile.open(path));
  }

  /**
   * Validates an index mapped in windows (tests use small windows to exercise files above 2 GiB). Takes
   * ownership of {@code f}.
   */
  static IndexReader open(WindowedFile f) throws IOException, CorruptFileException {
    try {
      return new IndexReader(f);
    } catch (CorruptFileException | RuntimeException e) {
      f.close();
      throw e;
    }
  }

  private CorruptFileException corrupt(long offset, String what) {
    return new CorruptFileException(path, offset, what);
  }

  /** A decoder positioned at file offset {@code offset}, limited to the end of its window. */
  private ByteDecoder at(long offset) {
    ByteBuffer b = file.buffer(offset);
    return new ByteDecoder(b, file.local(offset), b.capacity());
  }

  /**
   * Opens a {@code len<4b> body crc<4b>} section at file offset {@code offset} and returns a decoder over
   * the body (positions local to the section's window).
   */
  private ByteDecoder section(long offset, String name) throws CorruptFileException {
    ByteBuffer b = file.buffer(offset);
    ByteDecoder d = new ByteDecoder(b, file.local(offset), b.capacity());
    int len = d.readBe32();
    int bodyStart = d.position();
    if (d.failed() || len < 0 || offset + 4 + (long) len + IndexFormat.CRC_SIZE > file.size()) {
      throw corrupt(offset, name + " length " + len + " runs past the end of the file");
    }
    if ((long) bodyStart + len + IndexFormat.CRC_SIZE > b.capacity()) {
      throw corrupt(offset, name + " of " + len + " bytes is larger than a mapping window ("
          + file.maxRead() + " bytes)");
    }
    int stored = b.getInt(bodyStart + len);
    if (stored != d.crc32c(bodyStart, bodyStart + len)) {
      throw corrupt(offset, name + " checksum mismatch");
    }
    return d.reset(b, bodyStart, bodyStart + len);
  }

  private int[] readSymbols(long offset) throws CorruptFileException {
    if (offset == 0) {
      return new int[0];
    }
    ByteDecoder d = section(offset, "symbol table");
    int n = d.readBe32();
    if (n < 0 || n > d.remaining()) {
      throw corrupt(offset, "symbol count " + n + " exceeds section size");
    }
    int[] offs = new int[n];
    for (int i = 0; i < n; i++) {
      offs[i] = d.position();
      d.skipUvarintString();
      if (d.failed()) {
        throw corrupt(d.failedAt(), "symbol " + i + " truncated");
      }
    }
    return offs;
  }

  private long readPostingsOffsetTable(long offset) throws CorruptFileException {
    if (offset == 0) {
      tableBuf = ByteBuffer.allocate(0);
      return 0;
    }
    ByteDecoder d = section(offset, "postings offset table");
    tableBuf = file.buffer(offset);
    postingsTableEnd = d.limit();
    int n = d.readBe32();
    long all = 0;
    String lastName = null;
    byte[] lastNameBytes = null;
    LabelValues.Builder cur = null;
    for (int i = 0; i < n; i++) {
      int entryStart = d.position();
      int keys = d.readByte();
      if (keys != 2) {
        throw corrupt(entryStart, "postings offset entry with " + keys + " keys, expected 2");
      }
      // Decode the name only when it changes: entries of one name are contiguous.
      int nameAt = d.position();
      boolean sameName = lastNameBytes != null && d.compareUvarintString(lastNameBytes) == 0;
      if (!sameName) {
        d.position(nameAt);
        String name = d.readUvarintString();
        if (cur != null && lastName != null) {
          postingsTable.put(lastName, cur.build());
        }
        lastName = name;
        lastNameBytes = utf8(name);
        cur = new LabelValues.Builder();
      }
      int valueAt = d.position();
      d.skipUvarintString();
      long off = d.readUvarint();
      if (d.failed()) {
        throw corrupt(d.failedAt(), "postings offset entry " + i + " truncated");
      }
      if (lastName.isEmpty()) {
        // The all-postings key ("", ""); no label has an empty name.
        all = off;
        cur = null;
        lastName = null;
        lastNameBytes = null;
        continue;
      }
      cur.add(d, entryStart, valueAt);
    }
    if (cur != null && lastName != null) {
      postingsTable.put(lastName, cur.build());
    }
    return all;
  }

  public Path path() {
    return path;
  }

  /** File size in bytes. */
  public long size() {
    return file.size();
  }

  public int symbolCount() {
    return symbolOffsets.length;
  }

  /** The symbol with the given index. */
  public String symbol(long idx) throws CorruptFileException {
    if (idx < 0 || idx >= symbolOffsets.length) {
      throw corrupt(-1, "symbol reference " + idx + " out of range (" + symbolOffsets.length + " symbols)");
    }
    String cached = symbolCache[(int) idx];
    if (cached != null) {
      return cached;
    }
    ByteDecoder d = new ByteDecoder(symbolsBuf, symbolOffsets[(int) idx], symbolsBuf.capacity());
    String s = d.readUvarintString();
    if (d.failed()) {
      throw corrupt(d.failedAt(), "symbol " + idx + " truncated");
    }
    symbolCache[(int) idx] = s;
    return s;
  }

  /** Every label name of the block, sorted. */
  public List<String> labelNames() {
    return List.of(labelNames);
  }

  /** Sorted values of a label name (empty if absent). */
  public List<String> labelValues(String name) throws CorruptFileException {
    LabelValues lv = postingsTable.get(name);
    if (lv == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(lv.count);
    ValueCursor c = cursor(lv, 0);
    while (c.next()) {
      out.add(c.value());
    }
    return out;
  }

  /**
   * Sorted values of {@code name} held by at least one series of {@code matching} (e.g. the result of
   * {@link #postingsForMatchers}). One pass over the name's values, each checked against the matching
   * references by seeking.
   */
  public List<String> labelValues(String name, Postings matching) throws CorruptFileException {
    LabelValues lv = postingsTable.get(name);
    if (lv == null) {
      return List.of();
    }
    long[] refs = Postings.toArray(matching);
    List<String> out = new ArrayList<>();
    if (refs.length == 0) {
      return out;
    }
    ValueCursor c = cursor(lv, 0);
    while (c.next()) {
      if (intersects(postingsAt(c.postingsOffset()), refs)) {
        out.add(c.value());
      }
    }
    return out;
  }

  private static boolean intersects(Postings p, long[] sortedRefs) {
    int i = 0;
    while (i < sortedRefs.length && p.seek(sortedRefs[i])) {
      long at = p.at();
      if (at == sortedRefs[i]) {
        return true;
      }
      int lo = i + 1;
      int hi = sortedRefs.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (sortedRefs[mid] < at) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      i = lo;
    }
    return false;
  }

  /** The sorted values and postings offsets of a name, or {@code null}. Package-private for matchers. */
  LabelValues values(String name) {
    return postingsTable.get(name);
  }

  /** Every series of the block. */
  public Postings allPostings() throws CorruptFileException {
    return allPostingsOffset == 0 ? Postings.EMPTY : postingsAt(allPostingsOffset);
  }

  /** Series having {@code name="value"}. */
  public Postings postings(String name, String value) throws CorruptFileException {
    LabelValues lv = postingsTable.get(name);
    if (lv == null) {
      return Postings.EMPTY;
    }
    int k = lv.sampleAtOrBefore(value);
    if (k < 0) {
      return Postings.EMPTY;
    }
    byte[] target = utf8(value);
    ValueCursor c = cursor(lv, k);
    while (c.nextComparing(target)) {
      int cmp = c.comparison();
      if (cmp == 0) {
        return postingsAt(c.postingsOffset());
      }
      if (cmp > 0) {
        break;
      }
    }
    return Postings.EMPTY;
  }

  Postings postingsAt(long offset) throws CorruptFileException {
    if (offset <= 0 || offset >= file.size()) {
      throw corrupt(offset, "postings offset outside the file");
    }
    ByteDecoder d = section(offset, "postings list");
    int n = d.readBe32();
    if (n < 0 || (long) n * 4 != d.remaining()) {
      throw corrupt(offset, "postings list of " + n + " entries does not fill its " + d.remaining() + " bytes");
    }
    return new BigEndianPostings(file.buffer(offset), d.position(), n);
  }

  /** Series matching every matcher; see {@link PostingsForMatchers}. */
  public Postings postingsForMatchers(io.promethium.core.labels.Matcher... matchers)
      throws CorruptFileException {
    return PostingsForMatchers.select(this, matchers);
  }

  /**
   * Reads the series with reference {@code ref} into {@code into} (reused; its arrays grow as needed).
   *
   * @throws CorruptFileException on a bad reference, checksum or entry
   */
  public SeriesEntry series(long ref, SeriesEntry into) throws CorruptFileException {
    long offset = ref * IndexFormat.SERIES_ALIGNMENT;
    if (ref <= 0 || offset >= file.size()) {
      throw corrupt(offset, "series reference " + ref + " outside the index");
    }
    ByteBuffer b = file.buffer(offset);
    ByteDecoder d = new ByteDecoder(b, file.local(offset), b.capacity());
    int len = (int) d.readUvarint();
    int body = d.position();
    if (d.failed() || len < 0 || (long) body + len + IndexFormat.CRC_SIZE > b.capacity()) {
      throw corrupt(offset, "series entry length " + len + " runs past the end of the file or window");
    }
    if (b.getInt(body + len) != d.crc32c(body, body + len)) {
      throw corrupt(offset, "series entry checksum mismatch");
    }
    d.reset(b, body, body + len);
    int nl = (int) d.readUvarint();
    if (nl < 0 || nl > len) {
      throw corrupt(offset, "series with " + nl + " labels");
    }
    String[] pairs = new String[nl * 2];
    for (int i = 0; i < nl; i++) {
      pairs[2 * i] = symbol(d.readUvarint());
      pairs[2 * i + 1] = symbol(d.readUvarint());
    }
    int nc = (int) d.readUvarint();
    if (nc < 0 || nc > len) {
      throw corrupt(offset, "series with " + nc + " chunks");
    }
    into.ensure(nc);
    long maxT = 0;
    long chunkRef = 0;
    for (int i = 0; i < nc; i++) {
      long minT;
      if (i == 0) {
        minT = d.readVarint();
        maxT = minT + d.readUvarint();
        chunkRef = d.readUvarint();
      } else {
        minT = maxT + d.readUvarint();
        maxT = minT + d.readUvarint();
        chunkRef += d.readVarint();
      }
      into.minTimes[i] = minT;
      into.maxTimes[i] = maxT;
      into.refs[i] = chunkRef;
    }
    if (d.failed()) {
      throw corrupt(d.failedAt(), "series entry " + ref + " truncated");
    }
    into.ref = ref;
    into.labels = Labels.fromSortedPairs(pairs);
    into.chunkCount = nc;
    return into;
  }

  @Override
  public void close() {
    file.close();
  }

  /**
   * The values of one label name in the postings offset table, sampled as Prometheus does: every {@link
   * #SAMPLE_EVERY}th value (and the last) is kept in memory with the file offset of its table entry; the
   * others are read from the mapped table on demand, so memory does not grow with high-cardinality
   * labels. Immutable.
   */
  static final class LabelValues {
    static final int SAMPLE_EVERY = 32;
    final int count;
    final String[] sampled;
    final int[] sampledIndex;
    final int[] sampledEntry;

    private LabelValues(int count, String[] sampled, int[] sampledIndex, int[] sampledEntry) {
      this.count = count;
      this.sampled = sampled;
      this.sampledIndex = sampledIndex;
      this.sampledEntry = sampledEntry;
    }

    /** Index of the last sample whose value is {@code <= v}, or -1 if {@code v} sorts before all. */
    int sampleAtOrBefore(String v) {
      int lo = 0;
      int hi = sampled.length - 1;
      int ans = -1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (Utf8Order.INSTANCE.compare(sampled[mid], v) <= 0) {
          ans = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return ans;
    }

    /** Collects samples while the table is read. Not thread-safe. */
    static final class Builder {
      private final List<String> sampled = new ArrayList<>();
      private final List<int[]> where = new ArrayList<>();
      private int count;
      private int lastEntry;
      private String lastValue;
      private int lastValueAt;
      private ByteDecoder lastDecoder;

      void add(ByteDecoder d, int entryStart, int valueAt) {
        if (count % SAMPLE_EVERY == 0) {
          sampled.add(decodeAt(d, valueAt));
          where.add(new int[] {count, entryStart});
        }
        lastEntry = entryStart;
        lastValueAt = valueAt;
        lastDecoder = d;
        count++;
      }

      private static String decodeAt(ByteDecoder d, int at) {
        int back = d.position();
        d.position(at);
        String v = d.readUvarintString();
        d.position(back);
        return v;
      }

      LabelValues build() {
        if (count > 0 && (count - 1) % SAMPLE_EVERY != 0) {
          lastValue = decodeAt(lastDecoder, lastValueAt);
          sampled.add(lastValue);
          where.add(new int[] {count - 1, lastEntry});
        }
        int[] idx = new int[where.size()];
        int[] entry = new int[where.size()];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = where.get(i)[0];
          entry[i] = where.get(i)[1];
        }
        return new LabelValues(count, sampled.toArray(new String[0]), idx, entry);
      }
    }
  }

  /** A cursor over the values of one name, from sample {@code k} on. */
  ValueCursor cursor(LabelValues lv, int k) {
    return new ValueCursor(lv, k);
  }

  /**
   * Walks the postings offset table entries of one label name from a sample on: each value (decoded only
   * on request) and its postings offset. Not thread-safe.
   */
  final class ValueCursor {
    private final ByteDecoder d;
    private int remaining;
    private int valueAt;
    private long postingsOffset;
    private int comparison;

    ValueCursor(LabelValues lv, int k) {
      d = new ByteDecoder(tableBuf, lv.sampledEntry[k], postingsTableEnd);
      remaining = lv.count - lv.sampledIndex[k];
    }

    /** Moves to the next entry; false after the name's last value. */
    boolean next() throws CorruptFileException {
      if (remaining <= 0) {
        return false;
      }
      remaining--;
      int at = d.position();
      d.readByte();
      d.skipUvarintString();
      valueAt = d.position();
      d.skipUvarintString();
      postingsOffset = d.readUvarint();
      if (d.failed()) {
        throw corrupt(at, "postings offset entry truncated");
      }
      return true;
    }

    /** Like {@link #next()}, also comparing the value with {@code target} (UTF-8), no allocation. */
    boolean nextComparing(byte[] target) throws CorruptFileException {
      if (!next()) {
        return false;
      }
      int back = d.position();
      d.position(valueAt);
      comparison = d.compareUvarintString(target);
      d.position(back);
      return true;
    }

    /** Sign of (current value - target) after {@link #nextComparing}. */
    int comparison() {
      return comparison;
    }

    String value() throws CorruptFileException {
      int back = d.position();
      d.position(valueAt);
      String v = d.readUvarintString();
      d.position(back);
      if (d.failed()) {
        throw corrupt(valueAt, "label value truncated");
      }
      return v;
    }

    long postingsOffset() {
      return postingsOffset;
    }
  }

  /** A reusable holder for one series: its labels and chunk metas (parallel arrays). Not thread-safe. */
  public static final class SeriesEntry {
    long ref;
    Labels labels;
    int chunkCount;
    long[] minTimes = new long[4];
    long[] maxTimes = new long[4];
    long[] refs = new long[4];

    void ensure(int n) {
      if (minTimes.length < n) {
        int c = Math.max(n, minTimes.length * 2);
        minTimes = new long[c];
        maxTimes = new long[c];
        refs = new long[c];
      }
    }

    public long ref() {
      return ref;
    }

    public Labels labels() {
      return labels;
    }

    public int chunkCount() {
      return chunkCount;
    }

    public long minTime(int i) {
      return minTimes[i];
    }

    public long maxTime(int i) {
      return maxTimes[i];
    }

    public long chunkRef(int i) {
      return refs[i];
    }

    public ChunkMeta chunk(int i) {
      return new ChunkMeta(minTimes[i], maxTimes[i], refs[i]);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
