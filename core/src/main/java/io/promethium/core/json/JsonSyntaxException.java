package io.promethium.core.json;

/**
 * A malformed JSON document. The message names line, column and UTF-8 byte offset; the parts are available
 * separately so callers can format them their own way (file SD prints {@code line:column: reason} like
 * Prometheus). Immutable.
 */
public final class JsonSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final int line;
  private final int column;
  private final long byteOffset;

  JsonSyntaxException(String reason, int line, int column, long byteOffset) {
    super("json: " + reason + " at line " + line + ", column " + column + " (byte offset " + byteOffset + ")");
    this.reason = reason;
    this.line = line;
    this.column = column;
    this.byteOffset = byteOffset;
  }

  /** What is wrong, in Go's encoding/json wording, without position. */
  public String reason() {
    return reason;
  }

  /** 1-based line of the offending character. */
  public int line() {
    return line;
  }

  /** 1-based column (in characters) of the offending character. */
  public int column() {
    return column;
  }

  /** 0-based offset of the offending character in the UTF-8 encoding of the document. */
  public long byteOffset() {
    return byteOffset;
  }
}
