package io.promethium.promql.promqltest;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.StaleNaN;
import io.promethium.promql.parser.PromQLParser;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed Prometheus PromQL test script (the {@code promql/testdata/*.test} language of Prometheus 2.48):
 * {@code load <step>} blocks of series in expanding notation, {@code clear}, and
 * {@code eval[_fail|_ordered] instant at <time> <expr>} with expected results. Immutable after parsing.
 */
final class TestScript {
  /** A command of the script. */
  sealed interface Command permits Load, Clear, Eval {}

  /** {@code load <step>}: series and their samples; {@code nativeHistograms} if any line used {@code {{...}}}. */
  record Load(int line, List<LoadedSeries> series, boolean nativeHistograms) implements Command {}

  record LoadedSeries(Labels labels, long[] times, double[] values) {}

  record Clear(int line) implements Command {}

  /** An expected sample: labels (null for a scalar) and value. */
  record Expected(Labels labels, double value, int line) {}

  record Eval(int line, String kind, long timeMillis, String expr, List<Expected> expected,
      boolean histogramExpectation) implements Command {
    boolean fail() {
      return kind.equals("eval_fail");
    }

    boolean ordered() {
      return kind.equals("eval_ordered");
    }
  }

  private static final Pattern EVAL = Pattern.compile("^(eval(?:_fail|_ordered)?)\\s+instant\\s+(?:at\\s+(\\S+))?\\s+(.+)$");

  private static final String NUMBER =
      "[+-]?(?:(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[iI]nf|[nN]a[nN])";
  /**
   * {@code A}, {@code AxN} or {@code A+BxN} / {@code A-BxN}. No hex here: in series values Prometheus reads
   * {@code 0x10} as "0 repeated 10 times".
   */
  private static final Pattern VALUE =
      Pattern.compile("(" + NUMBER + ")(?:([+-]" + NUMBER.substring(5) + ")?x([0-9]+))?");

  final String name;
  final List<Command> commands;

  private TestScript(String name, List<Command> commands) {
    this.name = name;
    this.commands = commands;
  }

  static TestScript parse(String name, String content) {
    String[] lines = content.split("\n", -1);
    List<Command> cmds = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      String raw = lines[i];
      String l = raw.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        i++;
        continue;
      }
      int lineNo = i + 1;
      if (l.equals("clear")) {
        cmds.add(new Clear(lineNo));
        i++;
        continue;
      }
      if (l.startsWith("load ")) {
        long step = PromQLParser.parseDuration(l.substring(5).strip());
        List<LoadedSeries> series = new ArrayList<>();
        boolean hist = false;
        i++;
        while (i < lines.length && !lines[i].strip().isEmpty() && isIndented(lines[i])) {
          String def = lines[i].strip();
          if (def.startsWith("#")) {
            i++;
            continue;
          }
          if (def.contains("{{")) {
            hist = true;
          } else {
            series.add(parseLoadLine(def, step, name, i + 1));
          }
          i++;
        }
        cmds.add(new Load(lineNo, series, hist));
        continue;
      }
      java.util.regex.Matcher m = EVAL.matcher(l);
      if (m.matches()) {
        String kind = m.group(1);
        long t = m.group(2) == null ? 0 : PromQLParser.parseDuration(m.group(2));
        String expr = m.group(3);
        List<Expected> expected = new ArrayList<>();
        boolean hist = false;
        i++;
        while (i < lines.length && !lines[i].strip().isEmpty() && isIndented(lines[i])) {
          String def = lines[i].strip();
          if (!def.startsWith("#")) {
            if (def.contains("{{")) {
              hist = true;
            } else {
              expected.add(parseExpectedLine(def, name, i + 1));
            }
          }
          i++;
        }
        cmds.add(new Eval(lineNo, kind, t, expr, expected, hist));
        continue;
      }
      throw new IllegalArgumentException(name + ":" + lineNo + ": unknown command: " + l);
    }
    return new TestScript(name, cmds);
  }

  private static boolean isIndented(String line) {
    return line.startsWith(" ") || line.startsWith("\t");
  }

  /** Splits {@code metric{a="b"} rest} at the end of the series description (quotes respected). */
  private static int seriesEnd(String def) {
    boolean inBraces = false;
    boolean inQuote = false;
    for (int i = 0; i < def.length(); i++) {
      char c = def.charAt(i);
      if (inQuote) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inQuote = false;
        }
        continue;
      }
      if (c == '"') {
        inQuote = true;
      } else if (c == '{') {
        inBraces = true;
      } else if (c == '}') {
        return i + 1;
      } else if (!inBraces && Character.isWhitespace(c)) {
        return i;
      }
    }
    return def.length();
  }

  static Labels parseLabels(String desc) {
    List<Matcher> ms = PromQLParser.parseMetricSelector(desc);
    Labels.Builder b = Labels.builder();
    for (Matcher m : ms) {
      if (m.type() != MatchType.EQUAL) {
        throw new IllegalArgumentException("series description must use =: " + desc);
      }
      b.set(m.name(), m.value());
    }
    return b.build();
  }

  private static LoadedSeries parseLoadLine(String def, long step, String file, int line) {
    int end = seriesEnd(def);
    Labels labels = parseLabels(def.substring(0, end));
    String[] tokens = def.substring(end).strip().split("\\s+");
    List<Long> ts = new ArrayList<>();
    List<Double> vs = new ArrayList<>();
    long idx = 0;
    for (String tok : tokens) {
      if (tok.isEmpty()) {
        continue;
      }
      try {
        idx = expand(tok, idx, step, ts, vs);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + ":" + line + ": bad value " + tok + ": " + e.getMessage(), e);
      }
    }
    long[] t = new long[ts.size()];
    double[] v = new double[vs.size()];
    for (int k = 0; k < t.length; k++) {
      t[k] = ts.get(k);
      v[k] = vs.get(k);
    }
    return new LoadedSeries(labels, t, v);
  }

  /** Expands one value token ({@code _}, {@code _xN}, {@code stale}, {@code A}, {@code AxN}, {@code A+BxN}). */
  private static long expand(String tok, long idx, long step, List<Long> ts, List<Double> vs) {
    if (tok.equals("_")) {
      return idx + 1;
    }
    if (tok.startsWith("_x")) {
      return idx + Long.parseLong(tok.substring(2));
    }
    if (tok.equals("stale")) {
      ts.add(idx * step);
      vs.add(StaleNaN.VALUE);
      return idx + 1;
    }
    java.util.regex.Matcher m = VALUE.matcher(tok);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a series value");
    }
    if (m.group(3) != null) {
      double a = parseNumber(m.group(1));
      double b = m.group(2) == null ? 0 : parseNumber(m.group(2));
      long times = Long.parseLong(m.group(3));
      double cur = a;
      for (long j = 0; j <= times; j++) {
        ts.add(idx * step);
        vs.add(cur);
        idx++;
        cur += b;
      }
      return idx;
    }
    ts.add(idx * step);
    vs.add(parseNumber(tok));
    return idx + 1;
  }

  static double parseNumber(String s) {
    String l = s.toLowerCase(java.util.Locale.ROOT);
    switch (l) {
      case "inf", "+inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      case "nan", "+nan", "-nan":
        return Double.NaN;
      default:
        break;
    }
    boolean neg = l.startsWith("-");
    String body = l.startsWith("-") || l.startsWith("+") ? l.substring(1) : l;
    if (body.startsWith("0x")) {
      double v = Long.parseLong(body.substring(2), 16);
      return neg ? -v : v;
    }
    return Double.parseDouble(s);
  }

  private static Expected parseExpectedLine(String def, String file, int line) {
    try {
      return new Expected(null, parseNumber(def), line);
    } catch (NumberFormatException e) {
      // not a scalar: a series line
    }
    int end = seriesEnd(def);
    Labels labels = parseLabels(def.substring(0, end));
    String rest = def.substring(end).strip();
    String[] tokens = rest.split("\\s+");
    if (tokens.length != 1 || tokens[0].isEmpty()) {
      throw new IllegalArgumentException(file + ":" + line + ": expected exactly one value: " + def);
    }
    return new Expected(labels, parseNumber(tokens[0]), line);
  }
}
