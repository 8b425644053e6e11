package io.promethium.promql.parser;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Unquotes a lexed PromQL string token: double- or single-quoted with Go escapes ({@code \n \t \\ \" \'
 * \a \b \f \r \v \x41 \101 \u00e9 \U0001F600}), or backtick-quoted raw. {@code \x} and octal escapes give
 * bytes, as in Go, so {@code "\xc3\xa9"} is {@code é}. The lexer has already rejected bad escapes.
 * Stateless.
 */
final class StringSyntax {
  private StringSyntax() {}

  static String unquote(String token) {
    char quote = token.charAt(0);
    String body = token.substring(1, token.length() - 1);
    if (quote == '`' || body.indexOf('\\') < 0) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c != '\\') {
        int cp = body.codePointAt(i);
        writeUtf8(out, cp);
        i += Character.charCount(cp);
        continue;
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> out.write(0x07);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(0x0b);
        case 'x' -> {
          out.write(Integer.parseInt(body.substring(i, i + 2), 16));
          i += 2;
        }
        case 'u' -> {
          writeUtf8(out, Integer.parseInt(body.substring(i, i + 4), 16));
          i += 4;
        }
        case 'U' -> {
          writeUtf8(out, Integer.parseInt(body.substring(i, i + 8), 16));
          i += 8;
        }
        default -> {
          if (e >= '0' && e <= '7') {
            out.write(Integer.parseInt(body.substring(i - 1, i + 2), 8));
            i += 2;
          } else {
            out.write(e); // \\, \" or \'
          }
        }
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void writeUtf8(ByteArrayOutputStream out, int cp) {
    byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
  }
}
