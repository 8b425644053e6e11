package io.promethium.core.relabel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal JSON reader for tests (objects → Map, arrays → List, strings, numbers as Double, booleans, null). */
final class MiniJson {
  private final String s;
  private int pos;

  private MiniJson(String s) {
    this.s = s;
  }

  static Object parse(String s) {
    MiniJson p = new MiniJson(s);
    Object v = p.value();
    p.ws();
    if (p.pos != s.length()) {
      throw new IllegalArgumentException("trailing data at " + p.pos);
    }
    return v;
  }

  private void ws() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private Object value() {
    ws();
    char c = s.charAt(pos);
    switch (c) {
      case '{': {
        pos++;
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (s.charAt(pos) == '}') {
          pos++;
          return m;
        }
        while (true) {
          ws();
          String k = string();
          ws();
          expect(':');
          m.put(k, value());
          ws();
          if (s.charAt(pos) == ',') {
            pos++;
            continue;
          }
          expect('}');
          return m;
        }
      }
      case '[': {
        pos++;
        List<Object> l = new ArrayList<>();
        ws();
        if (s.charAt(pos) == ']') {
          pos++;
          return l;
        }
        while (true) {
          l.add(value());
          ws();
          if (s.charAt(pos) == ',') {
            pos++;
            continue;
          }
          expect(']');
          return l;
        }
      }
      case '"':
        return string();
      case 't':
        pos += 4;
        return Boolean.TRUE;
      case 'f':
        pos += 5;
        return Boolean.FALSE;
      case 'n':
        pos += 4;
        return null;
      default: {
        int start = pos;
        while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
          pos++;
        }
        return Double.parseDouble(s.substring(start, pos));
      }
    }
  }

  private void expect(char c) {
    if (s.charAt(pos) != c) {
      throw new IllegalArgumentException("expected " + c + " at " + pos);
    }
    pos++;
  }

  private String string() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = s.charAt(pos++);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> sb.append(e);
      }
    }
  }
}
