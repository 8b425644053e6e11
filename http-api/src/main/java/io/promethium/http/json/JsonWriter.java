package io.promethium.http.json;

import io.netty.buffer.ByteBuf;
import io.promethium.core.exposition.ShortestDecimal;
import io.promethium.core.labels.Labels;

/**
 * A streaming JSON writer straight into a Netty {@link ByteBuf}, spelling values as Prometheus's API does:
 * sample values as quoted Go floats ({@link #sampleValue}), timestamps as Unix seconds with up to
 * three decimals ({@code jsonutil.MarshalTimestamp}), strings escaped as Go's {@code encoding/json} (HTML
 * characters and U+2028/U+2029 as {@code \\u} escapes). Commas are inserted automatically. Not
 * thread-safe; does not own {@code out}. Nesting is limited to 64 levels.
 */
public final class JsonWriter {
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final ByteBuf out;
  private final StringBuilder scratch = new StringBuilder(32);
  private long firstBits = 1; // bit d set: nothing written yet at depth d
  private int depth;
  private boolean afterName;

  public JsonWriter(ByteBuf out) {
    this.out = out;
  }

  public ByteBuf buffer() {
    return out;
  }

  private void separator() {
    if (afterName) {
      afterName = false;
      return;
    }
    long bit = 1L << depth;
    if ((firstBits & bit) != 0) {
      firstBits &= ~bit;
    } else {
      out.writeByte(',');
    }
  }

  private void push() {
    if (depth == 63) {
      throw new IllegalStateException("JSON nested deeper than 63 levels");
    }
    depth++;
    firstBits |= 1L << depth;
  }

  public JsonWriter beginObject() {
    separator();
    out.writeByte('{');
    push();
    return this;
  }

  public JsonWriter endObject() {
    depth--;
    out.writeByte('}');
    return this;
  }

  public JsonWriter beginArray() {
    separator();
    out.writeByte('[');
    push();
    return this;
  }

  public JsonWriter endArray() {
    depth--;
    out.writeByte(']');
    return this;
  }

  /** An object member name; the next call writes its value. */
  public JsonWriter name(String name) {
    separator();
    writeString(name);
    out.writeByte(':');
    afterName = true;
    return this;
  }

  public JsonWriter value(String s) {
    separator();
    if (s == null) {
      out.writeBytes(NULL);
    } else {
      writeString(s);
    }
    return this;
  }

  public JsonWriter value(long v) {
    separator();
    scratch.setLength(0);
    scratch.append(v);
    writeAscii(scratch);
    return this;
  }

  public JsonWriter value(boolean v) {
    separator();
    out.writeBytes(v ? TRUE : FALSE);
    return this;
  }

  /** A float as a JSON number (finite values only; non-finite become {@code null}), Go's spelling. */
  public JsonWriter number(double v) {
    separator();
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      out.writeBytes(NULL);
      return this;
    }
    if (!writeShortDecimal(v)) {
      writeGeneral(v);
    }
    return this;
  }

  public JsonWriter nullValue() {
    separator();
    out.writeBytes(NULL);
    return this;
  }

  /** A sample value: quoted, {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}, Go float digits. */
  public JsonWriter sampleValue(double v) {
    separator();
    out.writeByte('"');
    if (!writeShortDecimal(v)) {
      writeGeneral(v);
    }
    out.writeByte('"');
    return this;
  }

  private final ShortestDecimal decimal = new ShortestDecimal();

  /** Any value: Go's 'f' form, or 'e' when {@code |v| < 1e-6 || |v| >= 1e21}, from the shortest digits. */
  private void writeGeneral(double v) {
    if (Double.isNaN(v)) {
      out.writeBytes(NAN);
      return;
    }
    if (Double.isInfinite(v)) {
      out.writeBytes(v > 0 ? POS_INF : NEG_INF);
      return;
    }
    if (v == 0) {
      if (Double.doubleToRawLongBits(v) != 0) {
        out.writeByte('-');
      }
      out.writeByte('0');
      return;
    }
    ShortestDecimal d = decimal;
    d.set(v);
    if (v < 0) {
      out.writeByte('-');
    }
    double abs = Math.abs(v);
    if (abs < 1e-6 || abs >= 1e21) {
      out.writeByte(d.digits()[0]);
      if (d.count() > 1) {
        out.writeByte('.');
        out.writeBytes(d.digits(), 1, d.count() - 1);
      }
      int exp = d.point() - 1;
      out.writeByte('e').writeByte(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      if (a < 10) {
        out.writeByte('0');
      }
      if (a >= 100) {
        out.writeByte('0' + a / 100);
      }
      if (a >= 10) {
        out.writeByte('0' + a / 10 % 10);
      }
      out.writeByte('0' + a % 10);
    } else if (d.point() <= 0) {
      out.writeByte('0').writeByte('.');
      for (int i = d.point(); i < 0; i++) {
        out.writeByte('0');
      }
      out.writeBytes(d.digits(), 0, d.count());
    } else if (d.point() >= d.count()) {
      out.writeBytes(d.digits(), 0, d.count());
      for (int i = d.count(); i < d.point(); i++) {
        out.writeByte('0');
      }
    } else {
      out.writeBytes(d.digits(), 0, d.point());
      out.writeByte('.');
      out.writeBytes(d.digits(), d.point(), d.count() - d.point());
    }
  }

  private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};

  /**
   * The fast path for the values metrics mostly hold: integers and decimals with up to six fraction digits
   * (counters, 0.5, 21.25, 1234.567), written straight into the buffer without a string. If {@code v} equals
   * {@code m / 10^k} for an integer {@code m} and the smallest such {@code k}, the digits of {@code m} are the
   * shortest that read back as {@code v}, which is what Go prints. False when the value needs the general
   * path.
   */
  private boolean writeShortDecimal(double v) {
    double abs = Math.abs(v);
    if (!(abs >= 1e-6 && abs < 1e15)) {
      if (v == 0 && Double.doubleToRawLongBits(v) == 0) {
        out.writeByte('0');
        return true;
      }
      return false;
    }
    for (int k = 0; k < POW10.length; k++) {
      // The nearest integer, not an exact product: abs * 1000 may land a hair off 553021042909846.
      double m = Math.rint(abs * POW10[k]);
      if (m >= 9e15) {
        return false;
      }
      if (m / POW10[k] == abs) {
        long digits = (long) m;
        int frac = k;
        while (frac > 0 && digits % 10 == 0) {
          digits /= 10; // 0.30 -> 0.3 when rounding made the shorter k miss
          frac--;
        }
        if (v < 0) {
          out.writeByte('-');
        }
        writeFixedPoint(digits, frac);
        return true;
      }
    }
    return false;
  }

  /** Writes {@code m / 10^k} in plain decimal notation ({@code k} fraction digits, {@code m} without trailing 0). */
  private void writeFixedPoint(long m, int k) {
    int n = 0;
    long x = m;
    do {
      digitScratch[n++] = (byte) ('0' + x % 10);
      x /= 10;
    } while (x != 0);
    while (n <= k) {
      digitScratch[n++] = '0'; // leading zeros of 0.00x
    }
    for (int i = n - 1; i >= 0; i--) {
      out.writeByte(digitScratch[i]);
      if (i == k && k > 0) {
        out.writeByte('.');
      }
    }
  }

  private final byte[] digitScratch = new byte[24];

  /** A timestamp in milliseconds written as Unix seconds, e.g. {@code 1435781451.781}, {@code 12.100}. */
  public JsonWriter timestamp(long millis) {
    separator();
    long t = millis;
    if (t < 0) {
      out.writeByte('-');
      t = -t;
    }
    scratch.setLength(0);
    scratch.append(t / 1000);
    long frac = t % 1000;
    if (frac != 0) {
      scratch.append('.');
      if (frac < 100) {
        scratch.append('0');
      }
      if (frac < 10) {
        scratch.append('0');
      }
      scratch.append(frac);
    }
    writeAscii(scratch);
    return this;
  }

  /** A {@code [<seconds>, "<value>"]} pair. */
  public JsonWriter point(long millis, double value) {
    beginArray();
    timestamp(millis);
    sampleValue(value);
    return endArray();
  }

  /** A label set as an object in label order. */
  public JsonWriter labels(Labels labels) {
    beginObject();
    for (int i = 0; i < labels.size(); i++) {
      name(labels.name(i));
      value(labels.value(i));
    }
    return endObject();
  }

  /** Writes pre-encoded JSON as one value. */
  public JsonWriter raw(String json) {
    separator();
    for (int i = 0; i < json.length(); i++) {
      out.writeByte(json.charAt(i));
    }
    return this;
  }

  private void writeAscii(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      out.writeByte(s.charAt(i));
    }
  }

  private void writeString(String s) {
    out.writeByte('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
          out.writeByte(c);
          continue;
        }
        switch (c) {
          case '"' -> out.writeByte('\\').writeByte('"');
          case '\\' -> out.writeByte('\\').writeByte('\\');
          case '\n' -> out.writeByte('\\').writeByte('n');
          case '\r' -> out.writeByte('\\').writeByte('r');
          case '\t' -> out.writeByte('\\').writeByte('t');
          default -> unicodeEscape(c);
        }
      } else if (c < 0x800) {
        out.writeByte(0xC0 | (c >> 6));
        out.writeByte(0x80 | (c & 0x3F));
      } else if (c == '\u2028' || c == '\u2029') {
        unicodeEscape(c);
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out.writeByte(0xF0 | (cp >> 18));
        out.writeByte(0x80 | ((cp >> 12) & 0x3F));
        out.writeByte(0x80 | ((cp >> 6) & 0x3F));
        out.writeByte(0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        // A lone surrogate cannot be UTF-8: Go writes the replacement character.
        unicodeEscape('\ufffd');
      } else {
        out.writeByte(0xE0 | (c >> 12));
        out.writeByte(0x80 | ((c >> 6) & 0x3F));
        out.writeByte(0x80 | (c & 0x3F));
      }
    }
    out.writeByte('"');
  }

  private void unicodeEscape(char c) {
    out.writeByte('\\').writeByte('u');
    out.writeByte(HEX[(c >> 12) & 0xF]).writeByte(HEX[(c >> 8) & 0xF]);
    out.writeByte(HEX[(c >> 4) & 0xF]).writeByte(HEX[c & 0xF]);
  }

  private static final byte[] NAN = {'N', 'a', 'N'};
  private static final byte[] POS_INF = {'+', 'I', 'n', 'f'};
  private static final byte[] NEG_INF = {'-', 'I', 'n', 'f'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
}
