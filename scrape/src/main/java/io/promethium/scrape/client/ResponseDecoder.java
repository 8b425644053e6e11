package io.promethium.scrape.client;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The HTTP/1.1 response framing of one scrape connection: status line and headers, then a body delimited
 * by {@code Content-Length}, chunked transfer coding or the end of the connection. Body bytes are handed to
 * the {@link Sink} as ranges of the socket buffers, so they are copied once, straight into the target's
 * body buffer; only the few headers a scrape needs become strings.
 *
 * <p>It replaces Netty's {@code HttpClientCodec} on the scrape path, which creates a response object, a
 * header map and a content object (a retained slice) per piece of every body, and whose generic pipeline
 * code kept the JIT compiler busy long after start-up.
 *
 * <p>Informational responses (1xx but 101) are skipped, as Go's client does. Limits are Netty's: 4,096
 * bytes for the status line and for a chunk-size line, 8,192 bytes of headers (and of trailers).
 *
 * <p>Not thread-safe: one per connection, driven by its event loop.
 */
final class ResponseDecoder {
  /** Receives one response at a time; the boolean methods return false to stop decoding (the exchange ended). */
  interface Sink {
    /** The status line and headers; header values are null when absent. */
    boolean head(int code, String reason, String contentType, String contentEncoding, String location);

    /** Body bytes {@code buf[index, index + length)}, valid during the call only. */
    boolean content(ByteBuf buf, int index, int length);

    /** The response is complete; {@code keepAlive} says whether the connection may carry the next one. */
    void end(boolean keepAlive);

    /** The response cannot be decoded; the connection is unusable. */
    void malformed(String message);
  }

  static final int MAX_LINE = 4096;
  static final int MAX_HEADER_BYTES = 8192;

  private enum State { IDLE, HEAD, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, UNTIL_CLOSE, BROKEN }

  private final Sink sink;
  private State state = State.IDLE;
  /** The line being collected (status line, header, chunk size, trailer). */
  private byte[] line = new byte[256];
  private int lineLen;
  private int headerBytes;
  private long remaining;

  // The head being parsed.
  private int code;
  private String reason;
  private boolean http10;
  private boolean keepAlive;
  private boolean chunked;
  /** -1 absent, -2 invalid or contradictory. */
  private long contentLength;
  private String contentType;
  private String contentEncoding;
  private String location;

  ResponseDecoder(Sink sink) {
    this.sink = sink;
  }

  /** A request went out: the next bytes start its response. */
  void expectResponse() {
    state = State.HEAD;
    startHead();
  }

  private void startHead() {
    lineLen = 0;
    headerBytes = 0;
    code = -1;
    reason = null;
    http10 = false;
    keepAlive = true;
    chunked = false;
    contentLength = -1;
    contentType = null;
    contentEncoding = null;
    location = null;
  }

  /** Whether the connection is out of step (bytes nobody asked for, or a response that failed). */
  boolean broken() {
    return state == State.BROKEN;
  }

  /**
   * The connection ended. A body delimited by the end of the connection is complete then; returns false
   * when a response was cut short or none had started (the caller reports the lost connection).
   */
  boolean closed() {
    if (state == State.UNTIL_CLOSE) {
      state = State.IDLE;
      sink.end(false);
      return true;
    }
    state = State.BROKEN;
    return false;
  }

  /** Decodes the readable bytes of {@code in}, leaving its indexes alone. */
  void feed(ByteBuf in) {
    int pos = in.readerIndex();
    int end = in.writerIndex();
    while (pos < end) {
      switch (state) {
        case IDLE, BROKEN -> {
          // Bytes nobody asked for: the connection is out of step and must not be reused.
          state = State.BROKEN;
          return;
        }
        case HEAD, CHUNK_SIZE, CHUNK_END, TRAILER -> {
          int nl = in.indexOf(pos, end, (byte) '\n');
          int stop = nl < 0 ? end : nl;
          if (!collect(in, pos, stop)) {
            return;
          }
          pos = stop;
          if (nl >= 0) {
            pos++;
            if (!lineDone()) {
              return;
            }
          }
        }
        case FIXED, CHUNK_DATA -> {
          int n = (int) Math.min(remaining, end - pos);
          if (!sink.content(in, pos, n)) {
            state = State.BROKEN;
            return;
          }
          pos += n;
          remaining -= n;
          if (remaining == 0) {
            if (state == State.FIXED) {
              complete(pos < end);
              return;
            }
            state = State.CHUNK_END;
          }
        }
        case UNTIL_CLOSE -> {
          if (!sink.content(in, pos, end - pos)) {
            state = State.BROKEN;
            return;
          }
          pos = end;
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
  }

  /** Appends {@code in[from, to)} to the current line; false (and malformed) when a limit is passed. */
  private boolean collect(ByteBuf in, int from, int to) {
    int n = to - from;
    if (n == 0) {
      return true;
    }
    int need = lineLen + n;
    String tooLong = null;
    if (state == State.HEAD && code < 0) {
      tooLong = need > MAX_LINE ? "status line longer than " + MAX_LINE + " bytes" : null;
    } else if (state == State.HEAD || state == State.TRAILER) {
      tooLong = headerBytes + need > MAX_HEADER_BYTES ? "headers longer than " + MAX_HEADER_BYTES + " bytes"
          : null;
    } else if (need > MAX_LINE) {
      tooLong = "chunk size line longer than " + MAX_LINE + " bytes";
    }
    if (tooLong != null) {
      fail(tooLong);
      return false;
    }
    if (need > line.length) {
      byte[] grown = new byte[Math.max(need, line.length * 2)];
      System.arraycopy(line, 0, grown, 0, lineLen);
      line = grown;
    }
    in.getBytes(from, line, lineLen, n);
    lineLen = need;
    return true;
  }

  /** A complete line (without its '\n') is in {@link #line}; false when decoding must stop. */
  private boolean lineDone() {
    int len = lineLen;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    lineLen = 0;
    switch (state) {
      case HEAD -> {
        if (code < 0) {
          // Netty and Go skip empty lines before the status line.
          return len == 0 || statusLine(len);
        }
        headerBytes += len;
        if (len > 0) {
          header(len);
          return true;
        }
        return headDone();
      }
      case CHUNK_SIZE -> {
        long size = chunkSize(len);
        if (size < 0) {
          fail("invalid chunk size " + quote(len));
          return false;
        }
        if (size == 0) {
          state = State.TRAILER;
          headerBytes = 0;
        } else {
          remaining = size;
          state = State.CHUNK_DATA;
        }
        return true;
      }
      case CHUNK_END -> {
        if (len != 0) {
          fail("chunk not followed by CRLF");
          return false;
        }
        state = State.CHUNK_SIZE;
        return true;
      }
      case TRAILER -> {
        headerBytes += len;
        if (len == 0) {
          complete(false);
          return false;
        }
        return true;
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  /** {@code HTTP/1.x 200 OK}: version, three-digit code, optional reason. */
  private boolean statusLine(int len) {
    if (len < 12 || !startsWith("HTTP/1.") || line[8] != ' ' || !digit(9) || !digit(10) || !digit(11)
        || (len > 12 && line[12] != ' ')) {
      fail("invalid status line " + quote(len));
      return false;
    }
    http10 = line[7] == '0';
    keepAlive = !http10;
    code = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    reason = len > 13 ? new String(line, 13, len - 13, StandardCharsets.ISO_8859_1).strip() : "";
    return true;
  }

  private void header(int len) {
    int colon = indexOf((byte) ':', len);
    if (colon <= 0) {
      // Go rejects such lines; Netty took them as names without values. Neither matters for a scrape.
      return;
    }
    int nameEnd = colon;
    while (nameEnd > 0 && blank(line[nameEnd - 1])) {
      nameEnd--;
    }
    int vs = colon + 1;
    int ve = len;
    while (vs < ve && blank(line[vs])) {
      vs++;
    }
    while (ve > vs && blank(line[ve - 1])) {
      ve--;
    }
    // Only the headers a scrape acts on become strings; the name's length picks the candidate.
    switch (nameEnd) {
      case 8 -> {
        if (nameIs("location", nameEnd)) {
          location = value(vs, ve);
        }
      }
      case 10 -> {
        if (nameIs("connection", nameEnd)) {
          String v = value(vs, ve).toLowerCase(Locale.ROOT);
          if (v.contains("close")) {
            keepAlive = false;
          } else if (http10 && v.contains("keep-alive")) {
            keepAlive = true;
          }
        }
      }
      case 12 -> {
        if (nameIs("content-type", nameEnd)) {
          contentType = value(vs, ve);
        }
      }
      case 14 -> {
        if (nameIs("content-length", nameEnd)) {
          long n = decimal(vs, ve);
          // Two different lengths make the framing ambiguous (request smuggling territory).
          contentLength = n < 0 || (contentLength != -1 && contentLength != n) ? -2 : n;
        }
      }
      case 16 -> {
        if (nameIs("content-encoding", nameEnd)) {
          contentEncoding = value(vs, ve);
        }
      }
      case 17 -> {
        if (nameIs("transfer-encoding", nameEnd)) {
          chunked = value(vs, ve).toLowerCase(Locale.ROOT).contains("chunked");
        }
      }
      default -> { }
    }
  }

  private boolean headDone() {
    if (code >= 100 && code < 200 && code != 101) {
      // An informational response: the real one follows.
      startHead();
      return true;
    }
    if (!chunked && contentLength == -2) {
      fail("invalid Content-Length");
      return false;
    }
    boolean bodiless = code == 204 || code == 304 || code == 101;
    State next;
    if (bodiless) {
      next = State.IDLE;
    } else if (chunked) {
      next = State.CHUNK_SIZE;
    } else if (contentLength >= 0) {
      next = contentLength == 0 ? State.IDLE : State.FIXED;
      remaining = contentLength;
    } else {
      next = State.UNTIL_CLOSE;
      keepAlive = false;
    }
    state = next;
    if (!sink.head(code, reason, contentType, contentEncoding, location)) {
      state = State.BROKEN;
      return false;
    }
    if (next == State.IDLE) {
      complete(false);
      return false;
    }
    return true;
  }

  /** The response ended; {@code extra} bytes after it put the connection out of step. */
  private void complete(boolean extra) {
    state = extra ? State.BROKEN : State.IDLE;
    sink.end(keepAlive && !extra);
  }

  private void fail(String message) {
    state = State.BROKEN;
    sink.malformed(message);
  }

  private long chunkSize(int len) {
    int e = 0;
    long size = 0;
    while (e < len) {
      int d = Character.digit(line[e], 16);
      if (d < 0) {
        break;
      }
      if (size > (Long.MAX_VALUE >> 4)) {
        return -1;
      }
      size = size * 16 + d;
      e++;
    }
    if (e == 0) {
      return -1;
    }
    // Chunk extensions (";name=value") and trailing blanks are allowed and ignored.
    while (e < len && blank(line[e])) {
      e++;
    }
    return e == len || line[e] == ';' ? size : -1;
  }

  private long decimal(int from, int to) {
    if (from == to || to - from > 18) {
      return -1;
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      int d = line[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      n = n * 10 + d;
    }
    return n;
  }

  private boolean nameIs(String lower, int len) {
    for (int i = 0; i < len; i++) {
      int c = line[i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private String value(int from, int to) {
    return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
  }

  private String quote(int len) {
    int n = Math.min(len, 64);
    return "\"" + new String(line, 0, n, StandardCharsets.ISO_8859_1) + (n < len ? "...\"" : "\"");
  }

  private int indexOf(byte b, int to) {
    for (int i = 0; i < to; i++) {
      if (line[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private boolean startsWith(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (line[i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private boolean digit(int i) {
    return line[i] >= '0' && line[i] <= '9';
  }

  private static boolean blank(byte b) {
    return b == ' ' || b == '\t';
  }
}
