package io.promethium.core.exposition;

import io.promethium.core.labels.Labels;
import io.promethium.core.metadata.MetricType;
import io.promethium.core.storage.Exemplar;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What the text 0.0.4 and OpenMetrics parsers share: the cursor over the body, line/column bookkeeping,
 * the recorded positions of the current sample's name and labels (so {@link #labels} can build them
 * later), metadata fields, and the byte-level scanning of names, label sets and label values.
 *
 * <p>Label positions live in reusable {@code int} arrays that grow to the largest label count seen, so
 * a steady-state scrape allocates nothing per sample. Not thread-safe.
 */
abstract class LineParser implements ExpositionParser {
  /** Which of the two formats' label-set rules to apply. */
  enum Dialect {
    /** Text 0.0.4: blanks around tokens, trailing comma, even a missing comma (as Prometheus's lexer). */
    TEXT,
    /** OpenMetrics: no blanks, no trailing comma. */
    OPENMETRICS
  }

  private final Dialect dialect;

  protected byte[] buf;
  protected int pos;
  protected int end;
  private int bodyStart;
  protected int lineNo;
  protected int lineStart;
  protected int entryLine;

  // Current sample.
  protected int seriesStart;
  protected int seriesEnd;
  protected int nameStart;
  protected int nameEnd;
  protected double value;
  protected boolean hasTimestamp;
  protected long timestamp;
  protected final LabelPositions series = new LabelPositions();

  // Exemplar of the current sample (OpenMetrics only).
  protected boolean hasExemplar;
  protected final LabelPositions exemplarLabels = new LabelPositions();
  protected double exemplarValue;
  protected boolean exemplarHasTimestamp;
  protected long exemplarTimestamp;

  // Current metadata entry.
  protected int metaNameStart;
  protected int metaNameEnd;
  protected MetricType type;
  protected int textStart;
  protected int textEnd;

  private byte[] scratch = new byte[64];
  private final NameCache names = new NameCache();
  /** Short ASCII label values repeat as much as names do (cpu="0", mode="idle"). */
  private final NameCache values = new NameCache();
  private static final int CACHED_VALUE_MAX = 64;

  LineParser(Dialect dialect, byte[] buf, int offset, int length) {
    this.dialect = dialect;
    reset(buf, offset, length);
  }

  /**
   * Starts over on a new body (or the same array refilled), so a scrape loop can keep one parser. The
   * parser reads {@code buf[offset, offset+length)} and never copies it.
   */
  public void reset(byte[] buf, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > buf.length) {
      throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + buf.length);
    }
    this.buf = buf;
    this.pos = offset;
    this.bodyStart = offset;
    this.end = offset + length;
    this.lineNo = 1;
    this.lineStart = offset;
    this.entryLine = 1;
    this.hasExemplar = false;
    this.series.count = 0;
    onReset();
  }

  protected abstract void onReset();

  // ---- ExpositionParser accessors ----

  @Override
  public byte[] buffer() {
    return buf;
  }

  @Override
  public int seriesStart() {
    return seriesStart;
  }

  @Override
  public int seriesEnd() {
    return seriesEnd;
  }

  @Override
  public double value() {
    return value;
  }

  @Override
  public boolean hasTimestamp() {
    return hasTimestamp;
  }

  @Override
  public long timestamp() {
    return timestamp;
  }

  @Override
  public String metadataName() {
    return ascii(metaNameStart, metaNameEnd);
  }

  @Override
  public MetricType type() {
    return type;
  }

  @Override
  public String unit() {
    return new String(buf, textStart, textEnd - textStart, StandardCharsets.UTF_8);
  }

  @Override
  public int line() {
    return entryLine;
  }

  @Override
  public Labels labels(Labels.Builder builder) {
    Labels.Builder b = builder == null ? Labels.builder() : builder.reset(Labels.EMPTY);
    b.set(Labels.METRIC_NAME, names.get(buf, nameStart, nameEnd));
    addLabels(b, series);
    return b.build();
  }

  @Override
  public Exemplar exemplar() {
    if (!hasExemplar) {
      return null;
    }
    Labels.Builder b = Labels.builder();
    addLabels(b, exemplarLabels);
    return new Exemplar(b.build(), exemplarValue, exemplarHasTimestamp, exemplarTimestamp);
  }

  private void addLabels(Labels.Builder b, LabelPositions lp) {
    for (int i = 0; i < lp.count; i++) {
      b.set(names.get(buf, lp.nameStart[i], lp.nameEnd[i]), unescapeLabelValue(lp.valueStart[i], lp.valueEnd[i]));
    }
  }

  // ---- scanning ----

  protected final ExpositionParseException error(String message, int at) {
    int line = lineNo;
    int ls = lineStart;
    if (at < ls) {
      // The error is before a newline already consumed (inside a text-format label value).
      for (int i = ls - 1; i >= at; i--) {
        if (buf[i] == '\n') {
          line--;
        }
      }
      ls = at;
      while (ls > bodyStart && buf[ls - 1] != '\n') {
        ls--;
      }
    }
    return new ExpositionParseException(message, line, at - ls + 1, at);
  }

  /** Describes the byte at {@code at} (or end of input) for "got ..." messages. */
  protected final String got(int at) {
    if (at >= end) {
      return "end of input";
    }
    int to = at + 1;
    // Show a whole token where that is more helpful than a single byte.
    while (to < end && to - at < 16 && isNameChar(buf[to]) && isNameChar(buf[at])) {
      to++;
    }
    return FloatText.quote(buf, at, to);
  }

  private static final int NAME_START = 1;
  private static final int NAME_CHAR = 2;
  private static final int LABEL_START = 4;
  private static final int LABEL_CHAR = 8;
  /** Character classes of metric and label names by byte value: one load instead of five comparisons. */
  private static final byte[] CLASSES = new byte[256];

  static {
    for (int c = 0; c < 256; c++) {
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      boolean digit = c >= '0' && c <= '9';
      int k = 0;
      if (letter || c == ':') {
        k |= NAME_START | NAME_CHAR;
      }
      if (digit) {
        k |= NAME_CHAR | LABEL_CHAR;
      }
      if (letter) {
        k |= LABEL_START | LABEL_CHAR;
      }
      CLASSES[c] = (byte) k;
    }
  }

  protected static boolean isNameStart(byte c) {
    return (CLASSES[c & 0xff] & NAME_START) != 0;
  }

  protected static boolean isNameChar(byte c) {
    return (CLASSES[c & 0xff] & NAME_CHAR) != 0;
  }

  protected static boolean isLabelNameStart(byte c) {
    return (CLASSES[c & 0xff] & LABEL_START) != 0;
  }

  protected static boolean isLabelNameChar(byte c) {
    return (CLASSES[c & 0xff] & LABEL_CHAR) != 0;
  }

  protected final boolean atLineEnd(int p) {
    return p >= end || buf[p] == '\n';
  }

  protected final boolean isBlank(int p) {
    return p < end && (buf[p] == ' ' || buf[p] == '\t');
  }

  protected final int skipBlanks(int p) {
    while (p < end && (buf[p] == ' ' || buf[p] == '\t')) {
      p++;
    }
    return p;
  }

  /** End of a metric name starting at {@code p} (== p when there is none). */
  protected final int scanMetricName(int p) {
    if (p < end && isNameStart(buf[p])) {
      p++;
      while (p < end && isNameChar(buf[p])) {
        p++;
      }
    }
    return p;
  }

  /**
   * Scans {@code {name="value",...}} starting at the opening brace at {@code pos}, recording label
   * positions into {@code lp}. Returns the position after the closing brace.
   */
  protected final int scanLabelSet(int p, LabelPositions lp, boolean exemplar) throws ExpositionParseException {
    boolean text = dialect == Dialect.TEXT;
    lp.count = 0;
    p++; // '{'
    if (text) {
      p = skipBlanks(p);
    }
    if (p < end && buf[p] == '}') {
      return p + 1;
    }
    while (true) {
      if (p >= end || !isLabelNameStart(buf[p])) {
        throw error("expected label name, got " + got(p), p);
      }
      int ns = p;
      while (p < end && isLabelNameChar(buf[p])) {
        p++;
      }
      int ne = p;
      if (text) {
        p = skipBlanks(p);
      }
      if (p >= end || buf[p] != '=') {
        throw error("expected equal, got " + got(p), p);
      }
      p++;
      if (text) {
        p = skipBlanks(p);
      }
      if (p >= end || buf[p] != '"') {
        throw error("expected label value, got " + got(p), p);
      }
      int vs = ++p;
      boolean nonAscii = false;
      while (true) {
        if (p >= end || (buf[p] == '\n' && !text)) {
          throw error("expected label value, got unterminated string", vs - 1);
        }
        byte c = buf[p];
        if (c == '\n') {
          lineNo++; // text format: a raw newline belongs to the value
          lineStart = p + 1;
        }
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          p++;
          if (p >= end || buf[p] == '\n') {
            throw error("expected label value, got unterminated string", vs - 1);
          }
        } else if (c < 0) {
          nonAscii = true;
        }
        p++;
      }
      int ve = p++;
      if (nonAscii && !Utf8.valid(buf, vs, ve)) {
        throw error("invalid UTF-8 label value: " + FloatText.quote(buf, vs - 1, ve + 1), vs);
      }
      checkDuplicate(lp, ns, ne, exemplar);
      lp.add(ns, ne, vs, ve);
      if (text) {
        p = skipBlanks(p);
      }
      if (p < end && buf[p] == ',') {
        p++;
        if (text) {
          p = skipBlanks(p);
          if (p < end && buf[p] == '}') {
            return p + 1;
          }
        }
        continue;
      }
      if (p < end && buf[p] == '}') {
        return p + 1;
      }
      // Prometheus's text lexer also takes the next label without a comma; OpenMetrics does not.
      if (text && p < end && isLabelNameStart(buf[p])) {
        continue;
      }
      throw error("expected comma or closing brace, got " + got(p), p);
    }
  }

  private void checkDuplicate(LabelPositions lp, int ns, int ne, boolean exemplar) throws ExpositionParseException {
    int len = ne - ns;
    if (!exemplar && len == 8 && Arrays.equals(buf, ns, ne, NAME_LABEL, 0, 8)) {
      throw error("label name \"__name__\" is not unique: the metric name is set before the braces", ns);
    }
    for (int i = 0; i < lp.count; i++) {
      if (lp.nameEnd[i] - lp.nameStart[i] == len && Arrays.equals(buf, ns, ne, buf, lp.nameStart[i], lp.nameEnd[i])) {
        throw error("label name \"" + ascii(ns, ne) + "\" is not unique", ns);
      }
    }
  }

  /**
   * The type whose spelling is exactly {@code buf[from,to)} among {@code candidates} (compared as bytes,
   * so metadata lines allocate nothing), or null.
   */
  protected final MetricType typeOf(int from, int to, MetricType[] candidates, byte[][] spellings) {
    for (int i = 0; i < candidates.length; i++) {
      byte[] s = spellings[i];
      if (s.length == to - from && Arrays.equals(buf, from, to, s, 0, s.length)) {
        return candidates[i];
      }
    }
    return null;
  }

  protected static byte[][] spellings(String... words) {
    byte[][] out = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      out[i] = words[i].getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }

  private static final byte[] NAME_LABEL = Labels.METRIC_NAME.getBytes(StandardCharsets.US_ASCII);

  protected final double parseFloat(int from, int to) throws ExpositionParseException {
    try {
      return FloatText.parse(buf, from, to);
    } catch (FloatText.SyntaxError e) {
      throw error(e.getMessage(), from);
    }
  }

  protected final String ascii(int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** Label value unescaping as Prometheus does it: {@code \\}, {@code \"} and {@code \n}; others kept. */
  private String unescapeLabelValue(int from, int to) {
    int i = from;
    boolean ascii = true;
    while (i < to && buf[i] != '\\') {
      ascii &= buf[i] >= 0;
      i++;
    }
    if (i == to) {
      return ascii && to - from <= CACHED_VALUE_MAX ? values.get(buf, from, to)
          : new String(buf, from, to - from, StandardCharsets.UTF_8);
    }
    return unescape(from, to, true);
  }

  /**
   * Copies {@code [from,to)} with escapes resolved: {@code \\} and {@code \n} always, {@code \"} when
   * {@code quotes}; any other backslash sequence is kept as written.
   */
  protected final String unescape(int from, int to, boolean quotes) {
    if (scratch.length < to - from) {
      scratch = new byte[Math.max(to - from, scratch.length * 2)];
    }
    int n = 0;
    for (int i = from; i < to; i++) {
      byte c = buf[i];
      if (c == '\\' && i + 1 < to) {
        byte d = buf[i + 1];
        if (d == '\\' || (quotes && d == '"')) {
          scratch[n++] = d;
          i++;
          continue;
        }
        if (d == 'n') {
          scratch[n++] = '\n';
          i++;
          continue;
        }
      }
      scratch[n++] = c;
    }
    return new String(scratch, 0, n, StandardCharsets.UTF_8);
  }

  /** Name and value positions of one label set; arrays grow to the largest set seen. Not thread-safe. */
  static final class LabelPositions {
    int count;
    int[] nameStart = new int[8];
    int[] nameEnd = new int[8];
    int[] valueStart = new int[8];
    int[] valueEnd = new int[8];

    void add(int ns, int ne, int vs, int ve) {
      if (count == nameStart.length) {
        int n = count * 2;
        nameStart = Arrays.copyOf(nameStart, n);
        nameEnd = Arrays.copyOf(nameEnd, n);
        valueStart = Arrays.copyOf(valueStart, n);
        valueEnd = Arrays.copyOf(valueEnd, n);
      }
      nameStart[count] = ns;
      nameEnd[count] = ne;
      valueStart[count] = vs;
      valueEnd[count] = ve;
      count++;
    }
  }
}
