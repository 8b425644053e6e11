package io.promethium.promql.parser;

/**
 * Hand-written PromQL lexer, token by token on demand. It follows Prometheus 2.48's lexer state for state
 * (inside braces, after a left bracket, in a string) so that the same inputs fail with the same messages.
 * After an {@link TokenType#ERROR} token it only returns that error again. Not thread-safe; one per parse.
 */
final class Lexer {
  private static final int EOF = -1;

  private final String input;
  private int pos;
  private int start;
  private int parenDepth;
  private boolean braceOpen;
  private boolean bracketOpen;
  private boolean gotColon;
  /** Set right after a left bracket: the next token must be a duration. */
  private boolean expectDuration;
  private Token error;

  Lexer(String input) {
    this.input = input;
  }

  String input() {
    return input;
  }

  /** The next token other than a comment. */
  Token next() {
    Token t;
    do {
      t = scan();
    } while (t.type() == TokenType.COMMENT);
    return t;
  }

  private Token scan() {
    if (error != null) {
      return error;
    }
    if (expectDuration) {
      expectDuration = false;
      return lexDuration();
    }
    while (true) {
      if (braceOpen) {
        Token t = lexInsideBraces();
        if (t != null) {
          return t;
        }
        continue;
      }
      if (input.startsWith("#", pos)) {
        return lexLineComment();
      }
      int r = nextRune();
      switch (r) {
        case EOF:
          if (parenDepth != 0) {
            return errorf("unclosed left parenthesis");
          }
          if (bracketOpen) {
            return errorf("unclosed left bracket");
          }
          return emit(TokenType.EOF);
        case ',':
          return emit(TokenType.COMMA);
        case ' ', '\t', '\n', '\r':
          skipSpaces();
          continue;
        case '*':
          return emit(TokenType.MUL);
        case '/':
          return emit(TokenType.DIV);
        case '%':
          return emit(TokenType.MOD);
        case '+':
          return emit(TokenType.ADD);
        case '-':
          return emit(TokenType.SUB);
        case '^':
          return emit(TokenType.POW);
        case '=': {
          int t = peekRune();
          if (t == '=') {
            nextRune();
            return emit(TokenType.EQLC);
          }
          if (t == '~') {
            return errorf("unexpected character after '=': " + GoQuote.quoteRune(t));
          }
          return emit(TokenType.EQL);
        }
        case '!': {
          int t = nextRune();
          if (t != '=') {
            return errorf("unexpected character after '!': " + GoQuote.quoteRune(t));
          }
          return emit(TokenType.NEQ);
        }
        case '<':
          if (peekRune() == '=') {
            nextRune();
            return emit(TokenType.LTE);
          }
          return emit(TokenType.LSS);
        case '>':
          if (peekRune() == '=') {
            nextRune();
            return emit(TokenType.GTE);
          }
          return emit(TokenType.GTR);
        case '"', '\'':
          return lexString((char) r);
        case '`':
          return lexRawString();
        case '(':
          parenDepth++;
          return emit(TokenType.LEFT_PAREN);
        case ')':
          parenDepth--;
          if (parenDepth < 0) {
            return errorf("unexpected right parenthesis " + GoQuote.quoteRune(r));
          }
          return emit(TokenType.RIGHT_PAREN);
        case '{':
          braceOpen = true;
          return emit(TokenType.LEFT_BRACE);
        case '[':
          if (bracketOpen) {
            return errorf("unexpected left bracket " + GoQuote.quoteRune(r));
          }
          gotColon = false;
          Token t = emit(TokenType.LEFT_BRACKET);
          skipSpaces();
          bracketOpen = true;
          expectDuration = true;
          return t;
        case ']':
          if (!bracketOpen) {
            return errorf("unexpected right bracket " + GoQuote.quoteRune(r));
          }
          bracketOpen = false;
          return emit(TokenType.RIGHT_BRACKET);
        case '@':
          return emit(TokenType.AT);
        default:
          if (isDigit(r) || (r == '.' && isDigit(peekRune()))) {
            backup(r);
            return lexNumberOrDuration();
          }
          if (isAlpha(r) || r == ':') {
            if (!bracketOpen) {
              backup(r);
              return lexKeywordOrIdentifier();
            }
            // Inside brackets any letter is taken for the subquery colon, as Prometheus 2.x does.
            if (gotColon) {
              return errorf("unexpected colon " + GoQuote.quoteRune(r));
            }
            gotColon = true;
            return emit(TokenType.COLON);
          }
          return errorf("unexpected character: " + GoQuote.quoteRune(r));
      }
    }
  }

  /** Returns a token, or null after skipping spaces (the caller loops). */
  private Token lexInsideBraces() {
    if (input.startsWith("#", pos)) {
      return lexLineComment();
    }
    int r = nextRune();
    switch (r) {
      case EOF:
        return errorf("unexpected end of input inside braces");
      case ' ', '\t', '\n', '\r':
        skipSpaces();
        return null;
      case ',':
        return emit(TokenType.COMMA);
      case '"', '\'':
        return lexString((char) r);
      case '`':
        return lexRawString();
      case '=':
        if (peekRune() == '~') {
          nextRune();
          return emit(TokenType.EQL_REGEX);
        }
        return emit(TokenType.EQL);
      case '!': {
        int nr = nextRune();
        if (nr == '~') {
          return emit(TokenType.NEQ_REGEX);
        }
        if (nr == '=') {
          return emit(TokenType.NEQ);
        }
        return errorf("unexpected character after '!' inside braces: " + GoQuote.quoteRune(nr));
      }
      case '{':
        return errorf("unexpected left brace " + GoQuote.quoteRune(r));
      case '}':
        braceOpen = false;
        return emit(TokenType.RIGHT_BRACE);
      default:
        if (isAlpha(r)) {
          while (isAlphaNumeric(peekRune())) {
            nextRune();
          }
          return emit(TokenType.IDENTIFIER);
        }
        return errorf("unexpected character inside braces: " + GoQuote.quoteRune(r));
    }
  }

  private Token lexLineComment() {
    pos++;
    while (pos < input.length() && input.charAt(pos) != '\n' && input.charAt(pos) != '\r') {
      pos++;
    }
    return emit(TokenType.COMMENT);
  }

  private Token lexString(char quote) {
    while (true) {
      int r = nextRune();
      if (r == '\\') {
        String err = lexEscape(quote);
        if (err != null) {
          return errorf(err);
        }
      } else if (r == EOF || r == '\n') {
        return errorf("unterminated quoted string");
      } else if (r == quote) {
        return emit(TokenType.STRING);
      }
    }
  }

  /** Checks one escape sequence after a backslash; returns an error message or null. */
  private String lexEscape(char quote) {
    int ch = nextRune();
    int n;
    int base;
    int max;
    switch (ch) {
      case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\':
        return null;
      case '0', '1', '2', '3', '4', '5', '6', '7':
        n = 3;
        base = 8;
        max = 255;
        break;
      case 'x':
        ch = nextRune();
        n = 2;
        base = 16;
        max = 255;
        break;
      case 'u':
        ch = nextRune();
        n = 4;
        base = 16;
        max = Character.MAX_CODE_POINT;
        break;
      case 'U':
        ch = nextRune();
        n = 8;
        base = 16;
        max = Character.MAX_CODE_POINT;
        break;
      case EOF:
        return "escape sequence not terminated";
      default:
        if (ch == quote) {
          return null;
        }
        return "unknown escape sequence " + GoQuote.unicodeName(ch);
    }
    long x = 0;
    while (n > 0) {
      int d = digitVal(ch);
      if (d >= base) {
        if (ch == EOF) {
          return "escape sequence not terminated";
        }
        return "illegal character " + GoQuote.unicodeName(ch) + " in escape sequence";
      }
      x = x * base + d;
      n--;
      if (n > 0) {
        ch = nextRune();
      }
    }
    if (x > max || (0xD800 <= x && x < 0xE000)) {
      return "escape sequence is an invalid Unicode code point";
    }
    return null;
  }

  private static int digitVal(int ch) {
    if ('0' <= ch && ch <= '9') {
      return ch - '0';
    }
    if ('a' <= ch && ch <= 'f') {
      return ch - 'a' + 10;
    }
    if ('A' <= ch && ch <= 'F') {
      return ch - 'A' + 10;
    }
    return 16;
  }

  private Token lexRawString() {
    while (true) {
      int r = nextRune();
      if (r == EOF) {
        return errorf("unterminated raw string");
      }
      if (r == '`') {
        return emit(TokenType.STRING);
      }
    }
  }

  private Token lexNumberOrDuration() {
    if (scanNumber()) {
      return emit(TokenType.NUMBER);
    }
    if (acceptRemainingDuration()) {
      pos = lastPos; // give back the non-alphanumeric rune that ended the duration
      return emit(TokenType.DURATION);
    }
    return errorf("bad number or duration syntax: " + GoQuote.quote(input.substring(start, pos)));
  }

  private Token lexDuration() {
    if (scanNumber()) {
      return errorf("missing unit character in duration");
    }
    if (!acceptRemainingDuration()) {
      return errorf("bad duration syntax: " + GoQuote.quote(input.substring(start, pos)));
    }
    pos = lastPos;
    return emit(TokenType.DURATION);
  }

  /** Position before the last {@link #nextRune()}, for the one-rune backup Prometheus does. */
  private int lastPos;

  private boolean acceptRemainingDuration() {
    if (!accept("smhdwy")) {
      return false;
    }
    accept("s"); // "ms"; bad units such as "hs" fail later when the duration is parsed
    while (accept("0123456789")) {
      while (accept("0123456789")) {
        // consume
      }
      if (!accept("smhdw")) {
        return false;
      }
      accept("s");
    }
    return !isAlphaNumeric(nextRune());
  }

  /** Scans a decimal, hex or float number; the text may still be invalid (the parser checks). */
  private boolean scanNumber() {
    String digits = "0123456789";
    if (accept("0") && accept("xX")) {
      digits = "0123456789abcdefABCDEF";
    }
    acceptRun(digits);
    if (accept(".")) {
      acceptRun(digits);
    }
    if (accept("eE")) {
      accept("+-");
      acceptRun("0123456789");
    }
    return !isAlphaNumeric(peekRune());
  }

  private Token lexKeywordOrIdentifier() {
    while (true) {
      int r = nextRune();
      if (!(isAlphaNumeric(r) || r == ':')) {
        backup(r);
        break;
      }
    }
    String word = input.substring(start, pos);
    String lower = word.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("inf") || lower.equals("nan")) {
      return emit(TokenType.NUMBER);
    }
    TokenType kw = TokenType.keyword(lower);
    if (kw != null) {
      return emit(kw);
    }
    return emit(word.indexOf(':') < 0 ? TokenType.IDENTIFIER : TokenType.METRIC_IDENTIFIER);
  }

  private void skipSpaces() {
    while (isSpace(peekRune())) {
      nextRune();
    }
    start = pos;
  }

  private Token emit(TokenType type) {
    Token t = new Token(type, start, input.substring(start, pos));
    start = pos;
    return t;
  }

  private Token errorf(String message) {
    error = new Token(TokenType.ERROR, start, message);
    return error;
  }

  private int nextRune() {
    lastPos = pos;
    if (pos >= input.length()) {
      return EOF;
    }
    int cp = input.codePointAt(pos);
    pos += Character.charCount(cp);
    return cp;
  }

  private int peekRune() {
    return pos >= input.length() ? EOF : input.codePointAt(pos);
  }

  private void backup(int r) {
    if (r != EOF) {
      pos -= Character.charCount(r);
    }
  }

  private boolean accept(String valid) {
    int r = peekRune();
    if (r != EOF && valid.indexOf(r) >= 0) {
      nextRune();
      return true;
    }
    return false;
  }

  private void acceptRun(String valid) {
    while (accept(valid)) {
      // consume
    }
  }

  /** The start of the token being scanned, where Prometheus places lexer errors. */
  int errorStart() {
    return start;
  }

  static boolean isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\n' || r == '\r';
  }

  static boolean isAlpha(int r) {
    return r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z');
  }

  static boolean isDigit(int r) {
    return '0' <= r && r <= '9';
  }

  static boolean isAlphaNumeric(int r) {
    return isAlpha(r) || isDigit(r);
  }
}
