package io.promethium.core.exposition;

import io.promethium.core.metadata.MetricType;
import java.nio.charset.StandardCharsets;

/**
 * Pull parser for OpenMetrics 1.0 text, accepting what Prometheus 2.x's
 * {@code model/textparse/openmetricsparse.go} accepts.
 *
 * <table>
 *   <caption>Syntax accepted</caption>
 *   <tr><th>element</th><th>rule</th></tr>
 *   <tr><td>lines</td><td>each ends in {@code \n}; no blank lines, no leading blanks; only
 *       {@code # HELP}, {@code # TYPE}, {@code # UNIT} and {@code # EOF} comments</td></tr>
 *   <tr><td>{@code # EOF}</td><td>mandatory, last; at most one newline after it</td></tr>
 *   <tr><td>{@code # TYPE}</td><td>counter, gauge, histogram, gaugehistogram, summary, info, stateset,
 *       unknown (exact)</td></tr>
 *   <tr><td>{@code # UNIT name unit}</td><td>a non-empty unit must be the suffix {@code _unit} of the
 *       name</td></tr>
 *   <tr><td>{@code # HELP}</td><td>{@code \\}, {@code \"}, {@code \n} unescaped</td></tr>
 *   <tr><td>sample</td><td>{@code name[{labels}] value [timestamp] [# {labels} value [timestamp]]}, single
 *       spaces; timestamp in float seconds, converted to milliseconds</td></tr>
 *   <tr><td>exemplar</td><td>only on {@code _total} and {@code _bucket} series; the 128-character limit on
 *       its labels is left to storage, as Prometheus does (the sample is still ingested)</td></tr>
 * </table>
 *
 * <p>Allocation: none per sample in {@link #next()} (exemplars are recorded as positions);
 * {@link #labels}, {@link #exemplar()} and metadata accessors allocate. Not thread-safe; reuse one
 * instance per scrape loop with {@link #reset(byte[], int, int)}.
 */
public final class OpenMetricsParser extends LineParser {
  private boolean eof;
  private boolean helpEscaped;

  public OpenMetricsParser(byte[] buf, int offset, int length) {
    super(Dialect.OPENMETRICS, buf, offset, length);
  }

  public OpenMetricsParser(byte[] buf) {
    this(buf, 0, buf.length);
  }

  @Override
  protected void onReset() {
    eof = false;
    afterEntry = false;
  }

  @Override
  public Entry next() throws ExpositionParseException {
    hasExemplar = false;
    if (eof) {
      return Entry.EOF;
    }
    if (afterEntry) {
      // pos sits on the newline that ended the previous entry (or at the end: a missing # EOF).
      if (pos >= end) {
        throw error("data does not end with # EOF", pos);
      }
      pos++;
      lineNo++;
      lineStart = pos;
    }
    afterEntry = true;
    entryLine = lineNo;
    if (pos >= end) {
      throw error("data does not end with # EOF", pos);
    }
    byte c = buf[pos];
    if (c == '#') {
      return comment();
    }
    if (isNameStart(c)) {
      sample();
      return Entry.SERIES;
    }
    throw error("expected metric name or \"# \" at start of line, got " + got(pos), pos);
  }

  private boolean afterEntry;

  private Entry comment() throws ExpositionParseException {
    int p = pos + 1;
    if (p >= end || buf[p] != ' ') {
      throw error("expected a space after \"#\", got " + got(p), p);
    }
    p++;
    if (matches(p, "EOF")) {
      int after = p + 3;
      if (after == end || (buf[after] == '\n' && after + 1 == end)) {
        eof = true;
        pos = end;
        return Entry.EOF;
      }
      throw error("unexpected data after # EOF", after);
    }
    Entry kind;
    if (matches(p, "HELP ")) {
      kind = Entry.HELP;
    } else if (matches(p, "TYPE ")) {
      kind = Entry.TYPE;
    } else if (matches(p, "UNIT ")) {
      kind = Entry.UNIT;
    } else {
      throw error("expected HELP, TYPE, UNIT or EOF after \"# \", got " + got(p), p);
    }
    String what = kind.name();
    p += 5;
    int ne = scanMetricName(p);
    if (ne == p) {
      throw error("expected metric name after " + what + ", got " + got(p), p);
    }
    metaNameStart = p;
    metaNameEnd = ne;
    if (ne >= end || buf[ne] != ' ') {
      if (atLineEnd(ne)) {
        throw error("expected text in " + what, ne);
      }
      throw error("expected a space after the metric name, got " + got(ne), ne);
    }
    textStart = ne + 1;
    int q = textStart;
    boolean escaped = false;
    while (q < end && buf[q] != '\n') {
      escaped |= buf[q] == '\\';
      q++;
    }
    textEnd = q;
    pos = q;
    switch (kind) {
      case HELP -> helpEscaped = escaped;
      case TYPE -> {
        type = omType(textStart, textEnd);
        if (type == null) {
          throw error("invalid metric type " + FloatText.quote(buf, textStart, textEnd), textStart);
        }
      }
      default -> {
        int ul = textEnd - textStart;
        int nl = metaNameEnd - metaNameStart;
        if (ul > 0 && !(nl > ul + 1 && buf[metaNameEnd - ul - 1] == '_'
            && java.util.Arrays.equals(buf, metaNameEnd - ul, metaNameEnd, buf, textStart, textEnd))) {
          throw error("unit not a suffix of metric " + FloatText.quote(buf, metaNameStart, metaNameEnd), textStart);
        }
      }
    }
    return kind;
  }

  private boolean matches(int p, String word) {
    if (p + word.length() > end) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (buf[p + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static final MetricType[] TYPES = {
    MetricType.COUNTER, MetricType.GAUGE, MetricType.HISTOGRAM, MetricType.GAUGE_HISTOGRAM, MetricType.SUMMARY,
    MetricType.INFO, MetricType.STATESET, MetricType.UNKNOWN
  };
  private static final byte[][] TYPE_WORDS =
      spellings("counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset", "unknown");

  private MetricType omType(int from, int to) {
    return typeOf(from, to, TYPES, TYPE_WORDS);
  }

  private void sample() throws ExpositionParseException {
    seriesStart = pos;
    nameStart = pos;
    nameEnd = scanMetricName(pos);
    int p = nameEnd;
    if (p < end && buf[p] == '{') {
      p = scanLabelSet(p, series, false);
    } else {
      series.count = 0;
    }
    seriesEnd = p;
    if (p >= end || buf[p] != ' ') {
      throw error("expected value after metric, got " + got(p), p);
    }
    p++;
    int vs = p;
    p = tokenEnd(p);
    if (p == vs) {
      throw error("expected value after metric, got " + got(p), p);
    }
    value = parseFloat(vs, p);
    hasTimestamp = false;
    if (p < end && buf[p] == ' ') {
      p++;
      if (p < end && buf[p] != '#') {
        int ts = p;
        p = tokenEnd(p);
        if (p == ts) {
          throw error("expected timestamp after value, got " + got(p), p);
        }
        timestamp = secondsToMillis(parseFloat(ts, p), ts, "invalid timestamp");
        hasTimestamp = true;
        if (p < end && buf[p] == ' ') {
          p++;
          if (p >= end || buf[p] != '#') {
            throw error("expected next entry after timestamp, got " + got(p), p);
          }
        }
      }
      if (p < end && buf[p] == '#') {
        p = exemplarAt(p);
      }
    }
    if (p < end && buf[p] != '\n') {
      throw error("expected next entry after timestamp, got " + got(p), p);
    }
    pos = p;
  }

  private int tokenEnd(int p) {
    while (p < end && buf[p] != ' ' && buf[p] != '\n') {
      p++;
    }
    return p;
  }

  private int exemplarAt(int p) throws ExpositionParseException {
    if (!endsWith(nameStart, nameEnd, "_total") && !endsWith(nameStart, nameEnd, "_bucket")) {
      throw error("metric name " + ascii(nameStart, nameEnd) + " does not support exemplars", p);
    }
    p++;
    if (p + 1 >= end || buf[p] != ' ' || buf[p + 1] != '{') {
      throw error("expected exemplar label set after \"# \", got " + got(p), p);
    }
    p = scanLabelSet(p + 1, exemplarLabels, true);
    if (p >= end || buf[p] != ' ') {
      throw error("expected value after exemplar labels, got " + got(p), p);
    }
    p++;
    int vs = p;
    p = tokenEnd(p);
    if (p == vs) {
      throw error("expected value after exemplar labels, got " + got(p), p);
    }
    exemplarValue = parseFloat(vs, p);
    exemplarHasTimestamp = false;
    if (p < end && buf[p] == ' ') {
      p++;
      int ts = p;
      p = tokenEnd(p);
      if (p == ts) {
        throw error("expected exemplar timestamp, got " + got(p), p);
      }
      exemplarTimestamp = secondsToMillis(parseFloat(ts, p), ts, "invalid exemplar timestamp");
      exemplarHasTimestamp = true;
    }
    hasExemplar = true;
    return p;
  }

  private long secondsToMillis(double seconds, int at, String message) throws ExpositionParseException {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      throw error(message, at);
    }
    return (long) (seconds * 1000);
  }

  private boolean endsWith(int from, int to, String suffix) {
    int n = suffix.length();
    if (to - from < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (buf[to - n + i] != suffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String help() {
    return helpEscaped ? unescape(textStart, textEnd, true)
        : new String(buf, textStart, textEnd - textStart, StandardCharsets.UTF_8);
  }
}
