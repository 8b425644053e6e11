package io.promethium.core.json;

/**
 * A JSON number exactly as written in the document, so callers choose the conversion (integer fields reject
 * fractions, timestamps convert without a detour through binary floating point). Immutable; thread-safe.
 *
 * @param text the literal, already checked against the RFC 8259 number grammar
 */
public record JsonNumber(String text) {
  /** True when the literal is a plain integer ({@code -?digits}) that fits in a {@code long}. */
  public boolean isLong() {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-')) {
        return false;
      }
    }
    try {
      Long.parseLong(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The value as a {@code long}.
   *
   * @throws ArithmeticException when {@link #isLong()} is false
   */
  public long longValue() {
    if (!isLong()) {
      throw new ArithmeticException("not an integer: " + text);
    }
    return Long.parseLong(text);
  }

  /** The nearest {@code double}. */
  public double doubleValue() {
    return Double.parseDouble(text);
  }

  @Override
  public String toString() {
    return text;
  }
}
