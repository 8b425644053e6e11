package io.promethium.core.exposition;

/** A malformed exposition body: where (line, column, byte offset) and what was expected. */
public final class ExpositionParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final int offset;

  public ExpositionParseException(String message, int line, int column, int offset) {
    super(line + ":" + column + ": " + message, null, false, false);
    this.line = line;
    this.column = column;
    this.offset = offset;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public int offset() {
    return offset;
  }
}
