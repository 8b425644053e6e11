package io.promethium.tsdb.index;

import io.promethium.core.labels.Labels;
import io.promethium.tsdb.fileio.ByteDecoder;
import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.fileio.MappedFile;
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
 * offsets (4 bytes per symbol) and the postings offset table (every label name and value with the offset
 * of its postings list). Symbols are decoded on first use and kept (so memory grows up to the block's
 * symbol strings as series are read). Series entries and postings lists are read in place and checked against their
 * CRCs when read.
 *
 * <p>Thread-safe for concurrent reads (all state after opening is immutable; every call uses its own
 * decoder). {@link #close()} unmaps: the owning block ensures no reads are in flight.
 */
public final class IndexReader implements AutoCloseable {
  private final MappedFile file;
  private final Path path;
  private final ByteBuffer buf;
  private final int[] symbolOffsets;
  /**
   * Decoded symbols, filled on first use so hot series don't re-decode (and re-allocate) their label
   * strings. Racy on purpose: two threads may decode the same symbol; both results are equal.
   */
  private final String[] symbolCache;
  /** name → sorted values and their postings offsets. Excludes the all-postings key. */
  private final Map<String, LabelValues> postingsTable;
  private final String[] labelNames;
  private final int allPostingsOffset;

  private IndexReader(MappedFile file) throws CorruptFileException {
    this.file = file;
    this.path = file.path();
    this.buf = file.buffer();
    int size = file.size();
    if (size < IndexFormat.HEADER_SIZE + IndexFormat.TOC_SIZE) {
      throw corrupt(0, "index of " + size + " bytes is too small");
    }
    if (buf.getInt(0) != IndexFormat.MAGIC) {
      throw corrupt(0, String.format("invalid index magic %08x", buf.getInt(0)));
    }
    int version = buf.get(IndexFormat.MAGIC_SIZE) & 0xFF;
    if (version != IndexFormat.VERSION_2) {
      throw corrupt(IndexFormat.MAGIC_SIZE, "unsupported index version " + version + " (only 2 is read)");
    }
    int tocStart = size - IndexFormat.TOC_SIZE;
    ByteDecoder d = new ByteDecoder(buf, tocStart, size);
    long[] toc = new long[IndexFormat.TOC_ENTRIES];
    for (int i = 0; i < toc.length; i++) {
      toc[i] = d.readBe64();
      if (toc[i] < 0 || toc[i] > tocStart) {
        throw corrupt(tocStart + 8L * i, "TOC entry " + i + " points outside the file: " + toc[i]);
      }
    }
    int crc = d.readBe32();
    if (crc != d.crc32c(tocStart, tocStart + IndexFormat.TOC_ENTRIES * 8)) {
      throw corrupt(tocStart, "TOC checksum mismatch");
    }
    symbolOffsets = readSymbols((int) toc[0]);
    symbolCache = new String[symbolOffsets.length];
    postingsTable = new HashMap<>();
    allPostingsOffset = readPostingsOffsetTable((int) toc[5]);
    labelNames = postingsTable.keySet().toArray(new String[0]);
    Arrays.sort(labelNames, Utf8Order.INSTANCE);
  }

  /** Maps and validates the index file. */
  public static IndexReader open(Path path) throws IOException, CorruptFileException {
    MappedFile f = MappedFile.open(path);
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

  /** Opens a {@code len<4b> body crc<4b>} section and returns a decoder over the body. */
  private ByteDecoder section(int offset, String name) throws CorruptFileException {
    ByteDecoder d = new ByteDecoder(buf, offset, file.size());
    int len = d.readBe32();
    int bodyStart = d.position();
    if (d.failed() || len < 0 || (long) bodyStart + len + IndexFormat.CRC_SIZE > file.size()) {
      throw corrupt(offset, name + " length " + len + " runs past the end of the file");
    }
    int stored = buf.getInt(bodyStart + len);
    if (stored != d.crc32c(bodyStart, bodyStart + len)) {
      throw corrupt(offset, name + " checksum mismatch");
    }
    return d.reset(buf, bodyStart, bodyStart + len);
  }

  private int[] readSymbols(int offset) throws CorruptFileException {
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

  private int readPostingsOffsetTable(int offset) throws CorruptFileException {
    if (offset == 0) {
      return 0;
    }
    ByteDecoder d = section(offset, "postings offset table");
    int n = d.readBe32();
    int all = 0;
    String lastName = null;
    List<String> values = new ArrayList<>();
    List<Integer> offs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int entryStart = d.position();
      int keys = d.readByte();
      if (keys != 2) {
        throw corrupt(entryStart, "postings offset entry with " + keys + " keys, expected 2");
      }
      String name = d.readUvarintString();
      String value = d.readUvarintString();
      long off = d.readUvarint();
      if (d.failed()) {
        throw corrupt(d.failedAt(), "postings offset entry " + i + " truncated");
      }
      if (name.isEmpty() && value.isEmpty()) {
        all = (int) off;
        continue;
      }
      if (!name.equals(lastName)) {
        flushValues(lastName, values, offs);
        lastName = name;
      }
      values.add(value);
      offs.add((int) off);
    }
    flushValues(lastName, values, offs);
    return all;
  }

  private void flushValues(String name, List<String> values, List<Integer> offs) {
    if (name != null && !values.isEmpty()) {
      int[] o = new int[offs.size()];
      for (int i = 0; i < o.length; i++) {
        o[i] = offs.get(i);
      }
      postingsTable.put(name, new LabelValues(values.toArray(new String[0]), o));
    }
    values.clear();
    offs.clear();
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
    ByteDecoder d = new ByteDecoder(buf, symbolOffsets[(int) idx], file.size());
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
  public List<String> labelValues(String name) {
    LabelValues lv = postingsTable.get(name);
    return lv == null ? List.of() : List.of(lv.values);
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
    int i = Arrays.binarySearch(lv.values, value, Utf8Order.INSTANCE);
    return i < 0 ? Postings.EMPTY : postingsAt(lv.offsets[i]);
  }

  Postings postingsAt(int offset) throws CorruptFileException {
    ByteDecoder d = section(offset, "postings list");
    int n = d.readBe32();
    if (n < 0 || (long) n * 4 != d.remaining()) {
      throw corrupt(offset, "postings list of " + n + " entries does not fill its " + d.remaining() + " bytes");
    }
    return new BigEndianPostings(buf, d.position(), n);
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
    ByteDecoder d = new ByteDecoder(buf, (int) offset, file.size());
    int len = (int) d.readUvarint();
    int body = d.position();
    if (d.failed() || len < 0 || (long) body + len + IndexFormat.CRC_SIZE > file.size()) {
      throw corrupt(offset, "series entry length " + len + " runs past the end of the file");
    }
    if (buf.getInt(body + len) != d.crc32c(body, body + len)) {
      throw corrupt(offset, "series entry checksum mismatch");
    }
    d.reset(buf, body, body + len);
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

  /** Sorted values of one label name and their postings list offsets. */
  static final class LabelValues {
    final String[] values;
    final int[] offsets;

    LabelValues(String[] values, int[] offsets) {
      this.values = values;
      this.offsets = offsets;
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
