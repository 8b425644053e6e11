package io.promethium.promql.parser;

/**
 * Turns a lexed number token into a double as Prometheus does: first as a Go integer literal with base
 * prefix ({@code 0x1f}, octal {@code 0755}), then as a Go float ({@code 1.5e3}, {@code .5}, {@code Inf},
 * {@code NaN}). Errors carry Go's {@code strconv} wording. Stateless.
 */
final class NumberSyntax {
  private NumberSyntax() {}

  /**
   * @throws IllegalArgumentException with e.g. {@code strconv.ParseFloat: parsing "1e": invalid syntax}
   */
  static double parse(String s) {
    Long asInt = parseGoInt(s);
    if (asInt != null) {
      return asInt;
    }
    return parseGoFloat(s);
  }

  /** Go's {@code strconv.ParseInt(s, 0, 64)} for unsigned token text; null when it fails. */
  private static Long parseGoInt(String s) {
    int radix = 10;
    String digits = s;
    if (s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
      radix = 16;
      digits = s.substring(2);
    } else if (s.length() > 1 && s.charAt(0) == '0') {
      radix = 8;
      digits = s.substring(1);
    }
    if (digits.isEmpty()) {
      return null;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), radix) < 0) {
        return null;
      }
    }
    try {
      return Long.parseLong(digits, radix);
    } catch (NumberFormatException e) {
      return null; // out of range: Prometheus falls back to ParseFloat
    }
  }

  private static double parseGoFloat(String s) {
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        break;
    }
    if (!isDecimalFloat(s)) {
      throw new IllegalArgumentException("strconv.ParseFloat: parsing " + GoQuote.quote(s) + ": invalid syntax");
    }
    double d = Double.parseDouble(s);
    if (Double.isInfinite(d)) {
      throw new IllegalArgumentException(
          "strconv.ParseFloat: parsing " + GoQuote.quote(s) + ": value out of range");
    }
    return d;
  }

  /** {@code digits [. digits] [(e|E) [+|-] digits]} with at least one mantissa digit. */
  private static boolean isDecimalFloat(String s) {
    int i = 0;
    int n = s.length();
    int mantissaDigits = 0;
    while (i < n && Lexer.isDigit(s.charAt(i))) {
      i++;
      mantissaDigits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && Lexer.isDigit(s.charAt(i))) {
        i++;
        mantissaDigits++;
      }
    }
    if (mantissaDigits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < n && Lexer.isDigit(s.charAt(i))) {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        return false;
      }
    }
    return i == n;
  }
}
