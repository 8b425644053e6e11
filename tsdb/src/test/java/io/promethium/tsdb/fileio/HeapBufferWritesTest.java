package io.promethium.tsdb.fileio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapBufferWritesTest {
  /** Records what each write call was handed; takes at most {@code perCall} bytes, as a slow pipe might. */
  private static final class RecordingChannel implements WritableByteChannel {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Integer> offered = new ArrayList<>();
    final int perCall;

    RecordingChannel(int perCall) {
      this.perCall = perCall;
    }

    @Override
    public int write(ByteBuffer src) {
      offered.add(src.remaining());
      int n = Math.min(perCall, src.remaining());
      byte[] b = new byte[n];
      src.get(b);
      bytes.write(b, 0, n);
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void aLargeArrayIsHandedOverInSlicesNoLargerThanTheLimit() throws Exception {
    byte[] b = random(3 * HeapBufferWrites.MAX_SLICE + 17);
    RecordingChannel ch = new RecordingChannel(Integer.MAX_VALUE);
    HeapBufferWrites.write(ch, b, 5, b.length - 5);
    assertArrayEquals(Arrays.copyOfRange(b, 5, b.length), ch.bytes.toByteArray());
    assertEquals(List.of(HeapBufferWrites.MAX_SLICE, HeapBufferWrites.MAX_SLICE, HeapBufferWrites.MAX_SLICE, 12),
        ch.offered);
  }

  @Test
  void shortWritesAreRetriedUntilEveryByteIsWritten() throws Exception {
    byte[] b = random(HeapBufferWrites.MAX_SLICE + 1000);
    RecordingChannel ch = new RecordingChannel(7_000);
    HeapBufferWrites.write(ch, b, 0, b.length);
    assertArrayEquals(b, ch.bytes.toByteArray());
    assertTrue(ch.offered.stream().allMatch(n -> n <= HeapBufferWrites.MAX_SLICE), ch.offered.toString());
  }

  @Test
  void positionalWritesLandAtTheirOffsetAndLeaveTheChannelPositionAlone(@TempDir Path dir) throws Exception {
    byte[] b = random(2 * HeapBufferWrites.MAX_SLICE + 3);
    Path f = dir.resolve("f");
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      HeapBufferWrites.write(ch, b, 1, b.length - 1, 10);
      assertEquals(0, ch.position());
    }
    byte[] got = Files.readAllBytes(f);
    assertEquals(10 + b.length - 1, got.length);
    assertArrayEquals(new byte[10], Arrays.copyOfRange(got, 0, 10));
    assertArrayEquals(Arrays.copyOfRange(b, 1, b.length), Arrays.copyOfRange(got, 10, got.length));
  }

  @Test
  void anEmptyRangeWritesNothing() throws Exception {
    RecordingChannel ch = new RecordingChannel(Integer.MAX_VALUE);
    HeapBufferWrites.write(ch, new byte[4], 2, 0);
    assertEquals(List.of(), ch.offered);
  }
}
