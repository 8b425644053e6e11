package io.promethium.core.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON (RFC 8259) reader producing {@code Map<String,Object>} (insertion-ordered), {@code
 * List<Object>}, {@code String}, {@link JsonNumber} (the literal as written), {@code Boolean} and {@code
 * null}. Small on purpose: the documents read are small and {@code core} allows no JSON library. Errors are
 * {@link JsonSyntaxException}s naming line, column and byte offset, worded like Go's encoding/json. The
 * static {@link #parse} is thread-safe; instances are private and single use.
 */
public final class JsonReader {
  private final String s;
  private int pos;

  private JsonReader(String s) {
    this.s = s;
  }

  /**
   * Parses one JSON document.
   *
   * @throws JsonSyntaxException when the text is not exactly one well-formed JSON value
   */
  public static Object parse(String text) {
    JsonReader r = new JsonReader(text);
    r.skipSpace();
    Object v = r.value();
    r.skipSpace();
    if (r.pos < r.s.length()) {
      throw r.error("unexpected " + r.describe() + " after top-level value");
    }
    return v;
  }

  private Object value() {
    if (pos >= s.length()) {
      throw error("unexpected end of JSON input");
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return word("true", Boolean.TRUE);
      case 'f':
        return word("false", Boolean.FALSE);
      case 'n':
        return word("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("invalid character " + describe() + " looking for beginning of value");
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    pos++;
    skipSpace();
    if (peek() == '}') {
      pos++;
      return m;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("invalid character " + describe() + " looking for beginning of object key string");
      }
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      m.put(key, value());
      skipSpace();
      char c = peek();
      pos++;
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        pos--;
        throw error("invalid character " + describe() + " after object key:value pair");
      }
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    pos++;
    skipSpace();
    if (peek() == ']') {
      pos++;
      return l;
    }
    while (true) {
      skipSpace();
      l.add(value());
      skipSpace();
      char c = peek();
      pos++;
      if (c == ']') {
        return l;
      }
      if (c != ',') {
        pos--;
        throw error("invalid character " + describe() + " after array element");
      }
    }
  }

  private String string() {
    StringBuilder sb = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= s.length()) {
        throw error("unexpected end of JSON input in string");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("invalid control character in string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= s.length()) {
        throw error("unexpected end of JSON input in string");
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > s.length()) {
            throw error("invalid \\u escape");
          }
          try {
            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("invalid \\u escape");
          }
          pos += 4;
        }
        default -> {
          pos--;
          throw error("invalid escape character " + describe() + " in string");
        }
      }
    }
  }

  private JsonNumber number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (peek() >= '1' && peek() <= '9') {
      digits();
    } else {
      throw error("invalid character " + describe() + " in numeric literal");
    }
    if (peek() == '.') {
      pos++;
      if (!(peek() >= '0' && peek() <= '9')) {
        throw error("invalid character " + describe() + " after decimal point in numeric literal");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!(peek() >= '0' && peek() <= '9')) {
        throw error("invalid character " + describe() + " in exponent of numeric literal");
      }
      digits();
    }
    return new JsonNumber(s.substring(start, pos));
  }

  private void digits() {
    while (peek() >= '0' && peek() <= '9') {
      pos++;
    }
  }

  private Object word(String w, Object v) {
    if (!s.startsWith(w, pos)) {
      throw error("invalid character " + describe() + " looking for beginning of value");
    }
    pos += w.length();
    return v;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("invalid character " + describe() + " after object key");
    }
    pos++;
  }

  private char peek() {
    return pos < s.length() ? s.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private String describe() {
    return pos >= s.length() ? "end of input" : "'" + s.charAt(pos) + "'";
  }

  private JsonSyntaxException error(String what) {
    if (pos >= s.length()) {
      what = "unexpected end of JSON input";
    }
    int line = 1;
    int col = 1;
    long bytes = 0;
    for (int i = 0; i < pos && i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++; // the low surrogate is part of the same 4-byte sequence
      } else {
        bytes += 3;
      }
    }
    return new JsonSyntaxException(what, line, col, bytes);
  }
}
