package io.promethium.scrape.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResponseDecoderTest {
  /** Records what the decoder reported, as text. */
  private static final class Recorder implements ResponseDecoder.Sink {
    final StringBuilder body = new StringBuilder();
    String head = "";
    String outcome = "none";

    @Override
    public boolean head(int code, String reason, String contentType, String contentEncoding, String location) {
      head = code + " " + reason + " ct=" + contentType + " ce=" + contentEncoding + " loc=" + location;
      return true;
    }

    @Override
    public boolean content(ByteBuf buf, int index, int length) {
      body.append(buf.toString(index, length, StandardCharsets.ISO_8859_1));
      return true;
    }

    @Override
    public void end(boolean keepAlive) {
      outcome = keepAlive ? "end keep-alive" : "end close";
    }

    @Override
    public void malformed(String message) {
      outcome = "malformed: " + message;
    }
  }

  static Stream<Arguments> responses() {
    String big = "x".repeat(9000);
    return Stream.of(
        Arguments.of("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\na 1\n",
            "200 OK ct=text/plain ce=null loc=null", "a 1\n", "end keep-alive", false),
        Arguments.of("\r\nHTTP/1.1 200 OK\ncontent-length:3\n\nabc", "200 OK ct=null ce=null loc=null", "abc",
            "end keep-alive", false),
        Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 99\r\n\r\n"
            + "4;ext=1\r\nz 1\n\r\n3 \r\nw 2\r\n0\r\nX-Trailer: t\r\n\r\n",
            "200 OK ct=null ce=null loc=null", "z 1\nw 2", "end keep-alive", false),
        Arguments.of("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n",
            "204 No Content ct=null ce=null loc=null", "", "end keep-alive", false),
        Arguments.of("HTTP/1.0 200 OK\r\n\r\nuntil close", "200 OK ct=null ce=null loc=null", "until close",
            "end close", true),
        Arguments.of("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nk",
            "200 OK ct=null ce=null loc=null", "k", "end keep-alive", false),
        Arguments.of("HTTP/1.1 302 Found\r\nLocation: /next\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
            "302 Found ct=null ce=null loc=/next", "", "end close", false),
        Arguments.of("HTTP/1.1 500 Internal Server Error\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\n\r\nab",
            "500 Internal Server Error ct=null ce=gzip loc=null", "ab", "end keep-alive", false),
        Arguments.of("SSH-2.0-OpenSSH_9.2\r\n\r\n", "", "", "malformed: invalid status line \"SSH-2.0-OpenSSH_9.2\"",
            false),
        Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", "", "",
            "malformed: invalid Content-Length", false),
        Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "", "", "malformed: invalid Content-Length",
            false),
        Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "200 OK ct=null ce=null loc=null",
            "", "malformed: invalid chunk size \"zz\"", false),
        Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n",
            "200 OK ct=null ce=null loc=null", "a", "malformed: chunk not followed by CRLF", false),
        Arguments.of("HTTP/1.1 200 OK\r\nX-Big: " + big + "\r\n\r\n", "", "",
            "malformed: headers longer than 8192 bytes", false));
  }

  /** Every response is fed whole and in small pieces: framing must not depend on read boundaries. */
  @ParameterizedTest
  @MethodSource("responses")
  void decodes(String wire, String head, String body, String outcome, boolean endsWithConnection) {
    for (int step : new int[] {wire.length(), 1, 7}) {
      Recorder r = new Recorder();
      ResponseDecoder d = new ResponseDecoder(r);
      d.expectResponse();
      byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
      for (int i = 0; i < bytes.length; i += step) {
        ByteBuf b = Unpooled.wrappedBuffer(bytes, i, Math.min(step, bytes.length - i));
        d.feed(b);
        assertEquals(0, b.readerIndex(), "the buffer's indexes are left alone");
      }
      if (endsWithConnection) {
        assertEquals("none", r.outcome, "not complete before the connection ends");
        assertTrue(d.closed());
      }
      assertEquals(head, r.head, "step " + step);
      assertEquals(body, r.body.toString(), "step " + step);
      assertEquals(outcome, r.outcome, "step " + step);
    }
  }

  static Stream<String> cutShort() {
    return Stream.of("", "HTTP/1.1 200 OK\r\nContent-Le", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
  }

  @ParameterizedTest
  @MethodSource("cutShort")
  void aResponseCutShortIsNotComplete(String wire) {
    Recorder r = new Recorder();
    ResponseDecoder d = new ResponseDecoder(r);
    d.expectResponse();
    d.feed(Unpooled.wrappedBuffer(wire.getBytes(StandardCharsets.ISO_8859_1)));
    assertFalse(d.closed());
    assertEquals("none", r.outcome);
  }

  @Test
  void bytesAfterTheBodyBreakTheConnection() {
    byte[] wire = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nab".getBytes(StandardCharsets.ISO_8859_1);
    Recorder r = new Recorder();
    ResponseDecoder d = new ResponseDecoder(r);
    d.expectResponse();
    d.feed(Unpooled.wrappedBuffer(wire));
    assertEquals("end close", r.outcome, "in the same read: the connection is not reused");
    assertTrue(d.broken());

    Recorder later = new Recorder();
    ResponseDecoder e = new ResponseDecoder(later);
    e.expectResponse();
    e.feed(Unpooled.wrappedBuffer(wire, 0, wire.length - 1));
    assertEquals("end keep-alive", later.outcome);
    assertFalse(e.broken());
    e.feed(Unpooled.wrappedBuffer(wire, wire.length - 1, 1));
    assertTrue(e.broken(), "in a later read");
  }

  @Test
  void bytesNobodyAskedForBreakTheConnection() {
    Recorder r = new Recorder();
    ResponseDecoder d = new ResponseDecoder(r);
    d.feed(Unpooled.wrappedBuffer("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
    assertTrue(d.broken());
    assertEquals("none", r.outcome);
  }
}
