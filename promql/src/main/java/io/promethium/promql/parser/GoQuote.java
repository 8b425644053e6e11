package io.promethium.promql.parser;

/**
 * Go's quoting ({@code strconv.Quote}, {@code %q} of a rune, {@code %#U}), because Prometheus's error
 * messages and printed string literals use it and clients compare those texts. Stateless.
 */
public final class GoQuote {
  private GoQuote() {}

  /** {@code strconv.Quote(s)}: double-quoted with Go escapes; printable Unicode kept as is. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> appendEscaped(sb, cp, '"'));
    return sb.append('"').toString();
  }

  /** Go's {@code %.Nq}: the first {@code maxRunes} code points, quoted. */
  static String quoteTruncated(String s, int maxRunes) {
    int end = s.offsetByCodePoints(0, Math.min(maxRunes, s.codePointCount(0, s.length())));
    return quote(s.substring(0, end));
  }

  /** Go's {@code %q} of a rune: {@code 'x'}; -1 (end of input) prints as Go prints it. */
  static String quoteRune(int cp) {
    if (cp < 0) {
      cp = 0xFFFD; // Go formats the end-of-input rune (-1) as the replacement character.
    }
    StringBuilder sb = new StringBuilder("'");
    appendEscaped(sb, cp, '\'');
    return sb.append('\'').toString();
  }

  /** Go's {@code %#U}: {@code U+0071 'q'} (the quoted form only for printable runes). */
  static String unicodeName(int cp) {
    String hex = String.format("U+%04X", cp);
    return isPrint(cp) ? hex + " '" + new String(Character.toChars(cp)) + "'" : hex;
  }

  private static void appendEscaped(StringBuilder sb, int cp, char quote) {
    if (cp == quote || cp == '\\') {
      sb.append('\\').appendCodePoint(cp);
      return;
    }
    if (isPrint(cp)) {
      sb.appendCodePoint(cp);
      return;
    }
    switch (cp) {
      case 0x07 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 0x0b -> sb.append("\\v");
      default -> {
        if (cp < ' ' || cp == 0x7f) {
          sb.append(String.format("\\x%02x", cp));
        } else if (Character.isSurrogate((char) cp) && cp < 0x10000) {
          // A lone surrogate is invalid UTF-8 in Go and becomes the replacement character.
          sb.append("\\ufffd");
        } else if (cp < 0x10000) {
          sb.append(String.format("\\u%04x", cp));
        } else {
          sb.append(String.format("\\U%08x", cp));
        }
      }
    }
  }

  /** Approximates Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols, ASCII space. */
  static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    if (cp < 0x20 || cp == 0x7f) {
      return false;
    }
    return switch (Character.getType(cp)) {
      case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE,
          Character.SURROGATE, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
  }
}
