package io.promethium.promql.parser;

import java.nio.charset.StandardCharsets;

/**
 * A PromQL syntax or type error. {@link #getMessage()} is formatted exactly as Prometheus's
 * {@code ParseErr}: {@code <line>:<column>: parse error: <detail>}, the column counted in bytes from 1.
 * Positions are UTF-8 byte offsets into the query, as Prometheus reports them. Immutable; carries no stack
 * trace (it is an expected outcome of bad user input).
 */
public final class ParseException extends RuntimeException {
  private final int startByte;
  private final int endByte;
  private final String detail;
  private final String position;

  /**
   * @param query the whole input
   * @param startChar start of the offending range, a char index into {@code query}
   * @param endChar end of the offending range (exclusive), a char index
   * @param detail the message after {@code parse error: }
   */
  ParseException(String query, int startChar, int endChar, String detail) {
    super(null, null, false, false);
    this.startByte = byteOffset(query, startChar);
    this.endByte = byteOffset(query, endChar);
    this.detail = detail;
    this.position = formatPosition(query, startByte);
  }

  /** The start of the offending range, a byte offset into the query. */
  public int startByte() {
    return startByte;
  }

  /** The end of the offending range (exclusive), a byte offset into the query. */
  public int endByte() {
    return endByte;
  }

  /** The message without position and {@code parse error:} prefix, e.g. {@code unexpected end of input}. */
  public String detail() {
    return detail;
  }

  @Override
  public String getMessage() {
    return position + ": parse error: " + detail;
  }

  private static int byteOffset(String s, int charIndex) {
    int clamped = Math.max(0, Math.min(charIndex, s.length()));
    return s.substring(0, clamped).getBytes(StandardCharsets.UTF_8).length;
  }

  /** Prometheus's {@code PositionRange.StartPosInput}: line and byte column of {@code pos}. */
  private static String formatPosition(String query, int pos) {
    if (query.isEmpty()) {
      return "unknown position";
    }
    byte[] bytes = query.getBytes(StandardCharsets.UTF_8);
    if (pos < 0 || pos > bytes.length) {
      return "invalid position";
    }
    int line = 1;
    int lastLineBreak = -1;
    for (int i = 0; i < pos; i++) {
      if (bytes[i] == '\n') {
        lastLineBreak = i;
        line++;
      }
    }
    return line + ":" + (pos - lastLineBreak);
  }
}
