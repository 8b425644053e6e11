package io.promethium.scrape.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class GzipBodyDecoderTest {
  /** A gzip member with every optional header field set (FEXTRA, FNAME, FCOMMENT, FHCRC). */
  private static byte[] member(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, (byte) 255});
    out.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'});
    out.writeBytes("name.txt\0".getBytes());
    out.writeBytes("a comment\0".getBytes());
    out.writeBytes(new byte[] {0x12, 0x34});
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    d.setInput(data);
    d.finish();
    byte[] buf = new byte[data.length + 1024];
    int n = d.deflate(buf);
    d.end();
    out.write(buf, 0, n);
    CRC32 crc = new CRC32();
    crc.update(data);
    long c = crc.getValue();
    long size = data.length;
    out.writeBytes(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24), (byte) size,
        (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)});
    return out.toByteArray();
  }

  private static byte[] decode(byte[] gz, int... splits) {
    GzipBodyDecoder dec = new GzipBodyDecoder();
    dec.reset();
    BodyBuffer body = new BodyBuffer(256);
    body.reset(0);
    int from = 0;
    int[] cuts = Arrays.copyOf(splits, splits.length + 1);
    cuts[splits.length] = gz.length;
    for (int cut : cuts) {
      ByteBuf chunk = Unpooled.wrappedBuffer(gz, from, cut - from);
      assertEquals(GzipBodyDecoder.Result.OK, dec.feed(chunk, body), dec.error());
      from = cut;
    }
    assertEquals(GzipBodyDecoder.Result.OK, dec.finish(), dec.error());
    dec.close();
    return Arrays.copyOf(body.array(), body.length());
  }

  @Test
  void decodesWhenSplitAtEveryByte() {
    byte[] data = "metric{label=\"value\"} 1.5\n".repeat(20).getBytes();
    byte[] gz = member(data);
    for (int i = 0; i <= gz.length; i++) {
      assertArrayEquals(data, decode(gz, i), "split at " + i);
    }
    int[] every = new int[gz.length - 1];
    for (int i = 0; i < every.length; i++) {
      every[i] = i + 1;
    }
    assertArrayEquals(data, decode(gz, every), "one byte per chunk");
  }

  @Test
  void decodesConcatenatedMembers() throws Exception {
    byte[] a = "a 1\n".getBytes();
    byte[] b = FaultServerGzip.gzip("b 2\n".getBytes());
    byte[] both = new byte[member(a).length + b.length];
    System.arraycopy(member(a), 0, both, 0, member(a).length);
    System.arraycopy(b, 0, both, member(a).length, b.length);
    assertArrayEquals("a 1\nb 2\n".getBytes(), decode(both, member(a).length + 3));
  }

  @Test
  void randomDataRoundTripsAndStopsAtTheLimit() throws Exception {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    byte[] data = new byte[200_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ('a' + r.nextInt(4));
    }
    byte[] gz = FaultServerGzip.gzip(data);
    assertArrayEquals(data, decode(gz, r.nextInt(gz.length)), "seed " + seed);

    GzipBodyDecoder dec = new GzipBodyDecoder();
    dec.reset();
    BodyBuffer body = new BodyBuffer(256);
    body.reset(50_000);
    assertEquals(GzipBodyDecoder.Result.LIMIT, dec.feed(Unpooled.wrappedBuffer(gz), body));
    assertEquals(50_000, body.length(), "stopped exactly at the limit");
    dec.close();
  }

  @Test
  void truncatedStreamIsUnexpectedEof() throws Exception {
    byte[] gz = FaultServerGzip.gzip("abc 1\n".repeat(100).getBytes());
    GzipBodyDecoder dec = new GzipBodyDecoder();
    dec.reset();
    BodyBuffer body = new BodyBuffer(256);
    body.reset(0);
    assertEquals(GzipBodyDecoder.Result.OK, dec.feed(Unpooled.wrappedBuffer(gz, 0, gz.length - 4), body));
    assertEquals(GzipBodyDecoder.Result.ERROR, dec.finish());
    assertEquals("unexpected EOF", dec.error());
    dec.close();
  }

  /** JDK gzip for fixtures. */
  static final class FaultServerGzip {
    static byte[] gzip(byte[] data) throws Exception {
      return io.promethium.scrape.testing.FaultServer.gzip(data);
    }
  }
}
