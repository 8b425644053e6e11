package io.promethium.core.exposition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link PromTextParser#expectSeries}: whatever the hint, the parser yields exactly what it yields without
 * one (entries, labels, values, timestamps, errors and their line numbers); a right hint is reported by
 * {@link PromTextParser#seriesWasExpected()}.
 */
class PromTextParserHintTest {
  /** Series texts of the samples of {@code body}, in order, from a parse without hints. */
  private static List<String> seriesTexts(byte[] body) throws ExpositionParseException {
    PromTextParser p = new PromTextParser(body);
    List<String> out = new ArrayList<>();
    for (ExpositionParser.Entry e = p.next(); e != ExpositionParser.Entry.EOF; e = p.next()) {
      if (e == ExpositionParser.Entry.SERIES) {
        out.add(new String(body, p.seriesStart(), p.seriesEnd() - p.seriesStart(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /**
   * The trace of {@code body} when before each entry the parser is told to expect {@code hint.apply(n)}
   * (null for no hint), n counting the samples so far; "!" lines list which samples matched the hint.
   */
  private static List<String> hintedTrace(byte[] body, IntFunction<String> hint) {
    PromTextParser p = new PromTextParser(body);
    List<String> out = new ArrayList<>();
    int n = 0;
    try {
      while (true) {
        String h = hint.apply(n);
        if (h != null) {
          byte[] k = ("xx" + h).getBytes(StandardCharsets.UTF_8);
          p.expectSeries(k, 2, k.length);
        }
        ExpositionParser.Entry e = p.next();
        if (e == ExpositionParser.Entry.EOF) {
          return out;
        }
        if (e == ExpositionParser.Entry.SERIES) {
          out.add(new String(body, p.seriesStart(), p.seriesEnd() - p.seriesStart(), StandardCharsets.UTF_8)
              + " => " + p.labels(null) + ' ' + p.value() + (p.hasTimestamp() ? " @" + p.timestamp() : "")
              + " line " + p.line());
          if (p.seriesWasExpected()) {
            out.add("! " + n);
          }
          n++;
        } else {
          out.add(e + " line " + p.line());
        }
      }
    } catch (ExpositionParseException e) {
      out.add("error: " + e.getMessage());
      return out;
    }
  }

  private static List<String> withoutMarks(List<String> trace) {
    List<String> out = new ArrayList<>(trace);
    out.removeIf(s -> s.startsWith("! "));
    return out;
  }

  static final String BODY = PromTextParserTest.INPUT
      + "a 1\na{x=\"1\"} 2\na{x=\"1\"}3\na{x=\"1\",y=\"2\"} 4 5\na  6\nb{x=\"1\"}\t7\na \t{x=\"2\"} 8\n";

  @Test
  void rightHintsSkipTheScanAndChangeNothing() throws Exception {
    byte[] body = PromTextParserTest.bytes(BODY);
    List<String> texts = seriesTexts(body);
    List<String> plain = hintedTrace(body, n -> null);
    List<String> hinted = hintedTrace(body, n -> n < texts.size() ? texts.get(n) : null);
    assertEquals(plain, withoutMarks(hinted));
    // Every sample whose series text is followed by a blank matched its hint; "a{x="1"}3" has none.
    int marks = (int) hinted.stream().filter(s -> s.startsWith("! ")).count();
    assertEquals(texts.size() - 1, marks, String.join("\n", hinted));
    assertFalse(hinted.contains("! " + (texts.indexOf("a{x=\"1\"}") + 1)), "a{x=\"1\"}3 has no blank to match");
  }

  @Test
  void wrongHintsChangeNothing() throws Exception {
    byte[] body = PromTextParserTest.bytes(BODY);
    List<String> texts = seriesTexts(body);
    List<String> plain = hintedTrace(body, n -> null);
    // The previous sample's text, a prefix of the right one, the right one plus a byte, a name alone.
    List<IntFunction<String>> wrong = List.of(
        n -> n > 0 && n <= texts.size() ? texts.get(n - 1) : null,
        n -> n < texts.size() && texts.get(n).length() > 1 ? texts.get(n).substring(0, texts.get(n).length() - 1)
            : null,
        n -> n < texts.size() ? texts.get(n) + "x" : null,
        n -> "a",
        n -> "a{x=\"1\"}");
    for (IntFunction<String> h : wrong) {
      List<String> hinted = hintedTrace(body, h);
      assertEquals(plain, withoutMarks(hinted));
      for (String line : hinted) {
        if (line.startsWith("! ")) {
          int n = Integer.parseInt(line.substring(2));
          assertEquals(texts.get(n), h.apply(n), "a hint matched that is not the series text");
        }
      }
    }
  }

  @Test
  void errorsKeepTheirLinesAfterHintedSamples() {
    byte[] body = PromTextParserTest.bytes("a{x=\"1\"} 1\na{x=\"1\"} 2\n\nb{ 3\n");
    List<String> plain = hintedTrace(body, n -> null);
    List<String> hinted = hintedTrace(body, n -> "a{x=\"1\"}");
    assertEquals(plain, withoutMarks(hinted));
    assertTrue(plain.get(plain.size() - 1).startsWith("error: "), plain.toString());
    assertTrue(hinted.contains("! 0") && hinted.contains("! 1"), hinted.toString());
  }

  @Test
  void hintAppliesToTheNextEntryOnlyAndResetClearsIt() throws Exception {
    byte[] body = PromTextParserTest.bytes("a 1\na 2\n");
    PromTextParser p = new PromTextParser(body);
    byte[] k = PromTextParserTest.bytes("a");
    p.expectSeries(k, 0, 1);
    p.next();
    assertTrue(p.seriesWasExpected());
    p.next();
    assertFalse(p.seriesWasExpected());
    p.expectSeries(k, 0, 1);
    p.reset(body, 0, body.length);
    p.next();
    assertFalse(p.seriesWasExpected());
  }
}
