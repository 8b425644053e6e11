package io.promethium.tsdb.fileio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFileTest {
  @TempDir Path dir;

  @Test
  void mapsReadsAndUnmaps() throws Exception {
    Path f = dir.resolve("f");
    byte[] b = new byte[10_000];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 7);
    }
    Files.write(f, b);
    MappedFile m = MappedFile.open(f);
    assertEquals(b.length, m.size());
    for (int i = 0; i < b.length; i += 97) {
      assertEquals(b[i], m.buffer().get(i));
    }
    assertEquals(0x00070E15, m.buffer().getInt(0)); // big-endian
    m.close();
    m.close(); // idempotent
    // Once unmapped, the file can be deleted (on every OS) and the mapping no longer pins it.
    Files.delete(f);
  }

  @Test
  void useAfterCloseThrowsOnJdk22AndLater() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Runtime.version().feature() >= 22, "JDK 17-21 unmap with invokeCleaner: use after close is undefined");
    Path f = dir.resolve("g");
    Files.write(f, new byte[64]);
    MappedFile m = MappedFile.open(f);
    java.nio.ByteBuffer b = m.buffer();
    m.close();
    assertThrows(IllegalStateException.class, () -> b.get(0));
  }

  @Test
  void windowsCoverEveryOffsetWithOverlap() throws Exception {
    Path f = dir.resolve("w");
    byte[] b = new byte[10_000];
    new java.util.Random(3).nextBytes(b);
    Files.write(f, b);
    long before = MappedFile.totalMappedBytes();
    try (WindowedFile w = WindowedFile.open(f, 1000, 300)) {
      assertEquals(b.length, w.size());
      for (int o = 0; o < b.length; o++) {
        java.nio.ByteBuffer buf = w.buffer(o);
        int local = w.local(o);
        // Every read of up to `overlap` bytes from o stays in the same window.
        int n = Math.min(300, b.length - o);
        for (int k = 0; k < n; k += 37) {
          assertEquals(b[o + k], buf.get(local + k), "offset " + o + "+" + k);
        }
        assertEquals(o, w.absolute(o, local));
      }
    }
    try (WindowedFile single = WindowedFile.open(f)) {
      assertEquals(b[9_999], single.buffer(9_999).get(single.local(9_999)));
    }
    assertEquals(before, MappedFile.totalMappedBytes());
  }

  @Test
  void emptyFileMapsToEmptyBuffer() throws Exception {
    Path f = dir.resolve("empty");
    Files.write(f, new byte[0]);
    try (MappedFile m = MappedFile.open(f)) {
      assertEquals(0, m.size());
    }
  }

  @Test
  void failingFileOpsFailsOnlyTheVictim() throws Exception {
    FailingFileOps ops = new FailingFileOps(p -> p.getFileName().toString().equals("bad"), 10);
    try (var ch = ops.create(dir.resolve("good"))) {
      ch.write(java.nio.ByteBuffer.allocate(100));
    }
    var ch = ops.create(dir.resolve("bad"));
    ch.write(java.nio.ByteBuffer.allocate(10));
    assertThrows(java.io.IOException.class, () -> ch.write(java.nio.ByteBuffer.allocate(1)));
    ch.close();
    assertEquals(1, ops.failures());
  }
}
