package io.promethium.core.exposition;

import io.promethium.core.labels.Labels;
import io.promethium.core.metadata.MetricType;
import java.util.Arrays;

/**
 * Pull parser for the Prometheus text format 0.0.4, accepting what Prometheus 2.x's
 * {@code model/textparse/promparse.go} accepts.
 *
 * <table>
 *   <caption>Syntax accepted</caption>
 *   <tr><th>element</th><th>rule</th></tr>
 *   <tr><td>blank line, blanks before {@code #}</td><td>ignored (blanks before a sample are an error: Prometheus
 *       takes them into the metric name)</td></tr>
 *   <tr><td>{@code # HELP name text}</td><td>one blank after the name is dropped; {@code \\} and {@code \n}
 *       are unescaped</td></tr>
 *   <tr><td>{@code # TYPE name type}</td><td>counter, gauge, histogram, summary, untyped (exact)</td></tr>
 *   <tr><td>other {@code #} lines</td><td>{@link Entry#COMMENT} (also {@code #HELP} without a blank)</td></tr>
 *   <tr><td>sample</td><td>{@code name[{labels}] value [timestamp]}; blanks allowed around label tokens and
 *       a trailing comma, none needed after {@code &#125;}; value as Go's ParseFloat (no hex, no {@code _});
 *       timestamp unsigned digits, an int64 of milliseconds</td></tr>
 *   <tr><td>label names</td><td>{@code [a-zA-Z_][a-zA-Z0-9_]*}, unique within a sample</td></tr>
 *   <tr><td>label values</td><td>valid UTF-8; a raw newline is taken as part of the value, as Prometheus's
 *       lexer does</td></tr>
 * </table>
 *
 * <p>Allocation: none per sample in {@link #next()}; {@link #labels} and metadata accessors allocate.
 * Views into {@link #buffer()} are valid until the next {@code next()}. Not thread-safe; reuse one
 * instance per scrape loop with {@link #reset(byte[], int, int)}.
 */
public final class PromTextParser extends LineParser {
  private boolean helpEscaped;
  /** The series text the next sample is expected to start with (see {@link #expectSeries}), or null. */
  private byte[] expected;
  private int expectedFrom;
  private int expectedTo;
  /** The current sample's name and label positions are not scanned yet (it matched the expected text). */
  private boolean labelsPending;
  /** The current sample's series text matched the expected one. */
  private boolean seriesExpected;

  public PromTextParser(byte[] buf, int offset, int length) {
    super(Dialect.TEXT, buf, offset, length);
  }

  public PromTextParser(byte[] buf) {
    this(buf, 0, buf.length);
  }

  @Override
  protected void onReset() {
    expected = null;
    labelsPending = false;
    seriesExpected = false;
  }

  /**
   * A hint for the next entry: if it is a sample whose line starts with exactly {@code key[from, to)}
   * followed by a blank, the series text is taken to end there without scanning its labels, and
   * {@link #labels} scans them only if asked. The key must be the series text of a sample this parser
   * accepted before (e.g. a scrape cache's prediction of the next series), which guarantees the same
   * outcome as a full scan, and must contain no newline (line numbers of later errors would be off).
   * The hint applies to the next call of {@link #next()} only.
   */
  public void expectSeries(byte[] key, int from, int to) {
    expected = key;
    expectedFrom = from;
    expectedTo = to;
  }

  /** Whether the current sample's series text is the one given to {@link #expectSeries}. */
  public boolean seriesWasExpected() {
    return seriesExpected;
  }

  @Override
  public Labels labels(Labels.Builder builder) {
    if (labelsPending) {
      scanPendingLabels();
    }
    return super.labels(builder);
  }

  private void scanPendingLabels() {
    labelsPending = false;
    nameStart = seriesStart;
    nameEnd = scanMetricName(seriesStart);
    int p = skipBlanks(nameEnd);
    series.count = 0;
    if (p < seriesEnd && buf[p] == '{') {
      // The scan would count newlines in label values a second time: the position stays as it was.
      int line = lineNo;
      int ls = lineStart;
      try {
        scanLabelSet(p, series, false);
      } catch (ExpositionParseException e) {
        // The expected text was accepted before, so this is a caller's broken promise.
        throw new IllegalStateException("expected series text does not parse: " + e.getMessage(), e);
      } finally {
        lineNo = line;
        lineStart = ls;
      }
    }
  }

  @Override
  public Entry next() throws ExpositionParseException {
    hasExemplar = false;
    while (true) {
      // Consume the newline that ended the previous entry, and any blank lines.
      while (pos < end) {
        byte c = buf[pos];
        if (c == '\n') {
          pos++;
          lineNo++;
          lineStart = pos;
        } else if (c == ' ' || c == '\t') {
          int p = skipBlanks(pos);
          if (!atLineEnd(p) && buf[p] != '#') {
            // Prometheus keeps the blanks in the metric name ("  a"), which then fails validation.
            throw error("invalid metric name: a sample line must not start with blanks", pos);
          }
          pos = p;
          if (!atLineEnd(p)) {
            break;
          }
        } else {
          break;
        }
      }
      entryLine = lineNo;
      // Prometheus's lexer also ends the body at a NUL byte where a line would start.
      if (pos >= end || buf[pos] == 0) {
        return Entry.EOF;
      }
      byte c = buf[pos];
      if (c == '#') {
        return comment();
      }
      if (isNameStart(c)) {
        sample();
        return Entry.SERIES;
      }
      if (c == '{') {
        throw error("metric name not set", pos);
      }
      throw error("expected metric name or comment, got " + got(pos), pos);
    }
  }

  private Entry comment() throws ExpositionParseException {
    int lineEnd = pos;
    while (lineEnd < end && buf[lineEnd] != '\n') {
      lineEnd++;
    }
    // As Prometheus's lexer: only "#" plus blanks plus HELP/TYPE plus blanks is metadata ("#HELP" is not).
    int p = skipBlanks(pos + 1);
    boolean spaced = p > pos + 1;
    boolean help = spaced && startsWithWord(p, lineEnd, 'H', 'E', 'L', 'P');
    boolean typ = spaced && !help && startsWithWord(p, lineEnd, 'T', 'Y', 'P', 'E');
    if (!help && !typ) {
      pos = lineEnd;
      return Entry.COMMENT;
    }
    p = skipBlanks(p + 4);
    int ne = scanMetricName(p);
    if (ne == p || !(atLineEnd(ne) || isBlank(ne))) {
      throw error("expected metric name after " + (help ? "HELP" : "TYPE") + ", got " + got(p), p);
    }
    metaNameStart = p;
    metaNameEnd = ne;
    // Exactly one blank separates name and text, as in Prometheus's lexer.
    textStart = ne < lineEnd ? ne + 1 : ne;
    textEnd = lineEnd;
    pos = lineEnd;
    if (help) {
      helpEscaped = false;
      for (int i = textStart; i < textEnd; i++) {
        if (buf[i] == '\\') {
          helpEscaped = true;
          break;
        }
      }
      return Entry.HELP;
    }
    type = textType(textStart, textEnd);
    if (type == null) {
      throw error("invalid metric type " + FloatText.quote(buf, textStart, textEnd), textStart);
    }
    return Entry.TYPE;
  }

  private boolean startsWithWord(int p, int lineEnd, char a, char b, char c, char d) {
    return p + 4 < lineEnd && buf[p] == a && buf[p + 1] == b && buf[p + 2] == c && buf[p + 3] == d
        && (buf[p + 4] == ' ' || buf[p + 4] == '\t');
  }

  private static final MetricType[] TYPES = {
    MetricType.COUNTER, MetricType.GAUGE, MetricType.HISTOGRAM, MetricType.SUMMARY, MetricType.UNKNOWN
  };
  private static final byte[][] TYPE_WORDS = spellings("counter", "gauge", "histogram", "summary", "untyped");

  private MetricType textType(int from, int to) {
    return typeOf(from, to, TYPES, TYPE_WORDS);
  }

  private void sample() throws ExpositionParseException {
    seriesStart = pos;
    byte[] key = expected;
    int p;
    if (key != null && matchesExpected(key)) {
      // The series text of an earlier sample: its labels parse as they did then, so skip the scan.
      p = pos + (expectedTo - expectedFrom);
      seriesEnd = p;
      labelsPending = true;
      seriesExpected = true;
    } else {
      labelsPending = false;
      seriesExpected = false;
      p = scanSeries();
    }
    expected = null;
    valueAndTimestamp(p);
  }

  private boolean matchesExpected(byte[] key) {
    int e = pos + (expectedTo - expectedFrom);
    if (e >= end || (buf[e] != ' ' && buf[e] != '\t') || !Arrays.equals(buf, pos, e, key, expectedFrom, expectedTo)) {
      return false;
    }
    // "a {x="1"} 2" is series a{x="1"}: a hint "a" (from "a 1") must not match it. Blanks are rare here,
    // so the skip is usually one byte.
    int q = skipBlanks(e);
    return q >= end || buf[q] != '{';
  }

  /** Scans name and labels from {@link #pos}; returns where the value may start. */
  private int scanSeries() throws ExpositionParseException {
    nameStart = pos;
    nameEnd = scanMetricName(pos);
    int p = skipBlanks(nameEnd);
    if (p < end && buf[p] == '{') {
      p = scanLabelSet(p, series, false);
      seriesEnd = p;
      // Prometheus's lexer needs no blank between '}' and the value.
      if (atLineEnd(p)) {
        throw error("expected value after metric, got " + got(p), p);
      }
    } else {
      series.count = 0;
      seriesEnd = nameEnd;
      p = nameEnd;
      if (!isBlank(p)) {
        throw error("expected value after metric, got " + got(p), p);
      }
    }
    return p;
  }

  private void valueAndTimestamp(int from) throws ExpositionParseException {
    int p = skipBlanks(from);
    int vs = p;
    while (p < end && buf[p] != ' ' && buf[p] != '\t' && buf[p] != '\n') {
      p++;
    }
    if (p == vs) {
      throw error("expected value after metric, got " + got(p), p);
    }
    value = parseFloat(vs, p);
    p = skipBlanks(p);
    hasTimestamp = false;
    if (!atLineEnd(p)) {
      int ts = p;
      timestamp = parseTimestamp(ts);
      p = skipBlanks(tokenEnd);
      hasTimestamp = true;
      if (!atLineEnd(p)) {
        throw error("expected next entry after timestamp, got " + got(p), p);
      }
    }
    pos = p;
  }

  private int tokenEnd;

  /** Milliseconds: digits only, no sign (Prometheus's lexer), at most int64; sets {@link #tokenEnd}. */
  private long parseTimestamp(int p) throws ExpositionParseException {
    int start = p;
    long v = 0;
    int digits = 0;
    while (p < end && buf[p] >= '0' && buf[p] <= '9') {
      int d = buf[p] - '0';
      if (v > (Long.MAX_VALUE - d) / 10) {
        throw error("timestamp out of range", start);
      }
      v = v * 10 + d;
      digits++;
      p++;
    }
    if (digits == 0) {
      throw error("expected timestamp or new record, got " + got(start), start);
    }
    if (!atLineEnd(p) && !isBlank(p)) {
      throw error("expected next entry after timestamp, got " + got(p), p);
    }
    tokenEnd = p;
    return v;
  }

  @Override
  public String help() {
    return helpEscaped ? unescape(textStart, textEnd, false) : new String(buf, textStart, textEnd - textStart,
        java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public String unit() {
    return "";
  }
}
