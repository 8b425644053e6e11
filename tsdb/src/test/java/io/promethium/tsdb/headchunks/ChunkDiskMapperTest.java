package io.promethium.tsdb.headchunks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.tsdb.chunk.XorChunk;
import io.promethium.tsdb.chunk.XorIterator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkDiskMapperTest {
  @TempDir Path dir;

  record Written(long seriesRef, long ref, long minT, long maxT, int samples) {}

  private static XorChunk chunk(long start, int n) {
    XorChunk c = new XorChunk();
    for (int i = 0; i < n; i++) {
      c.append(start + i * 1000L, start + i * 0.5);
    }
    return c;
  }

  private static void assertChunk(ChunkDiskMapper m, Written w) throws IOException {
    XorIterator it = m.iterator(w.ref(), null);
    int n = 0;
    while (it.next()) {
      assertEquals(w.minT() + n * 1000L, it.timestamp());
      assertEquals(w.minT() + n * 0.5, it.value());
      n++;
    }
    assertNull(it.error());
    assertEquals(w.samples(), n);
  }

  private List<Written> writeMany(ChunkDiskMapper m, int count) throws IOException {
    List<Written> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long start = i * 1_000_000L;
      int n = 1 + (i * 7) % 120;
      long ref = m.write(i + 1, start, start + (n - 1) * 1000L, chunk(start, n));
      out.add(new Written(i + 1, ref, start, start + (n - 1) * 1000L, n));
    }
    return out;
  }

  @Test
  void writeReadAcrossFilesBufferAndReopen() throws IOException {
    List<Written> written;
    // Small files: many cuts; reads hit sealed maps, the active file and the write buffer.
    try (ChunkDiskMapper m = ChunkDiskMapper.open(dir, 64 * 1024, (a, b, c, d, e, f) -> {}).mapper()) {
      written = writeMany(m, 2000);
      for (Written w : written) {
        assertChunk(m, w);
      }
      assertTrue(HeadChunkRef.file(written.get(written.size() - 1).ref()) > 3);
      assertEquals(written.get(0).ref(), HeadChunkRef.of(1, ChunkDiskMapper.HEADER_SIZE));
    }
    List<Written> seen = new ArrayList<>();
    ChunkDiskMapper.Opened o = ChunkDiskMapper.open(dir, 64 * 1024,
        (series, ref, minT, maxT, n, enc) -> {
          assertEquals(1, enc);
          seen.add(new Written(series, ref, minT, maxT, n));
        });
    try (ChunkDiskMapper m = o.mapper()) {
      assertNull(o.corruption());
      assertEquals(written, seen);
      for (Written w : written) {
        assertChunk(m, w);
      }
      // New writes go to a new file after the last one.
      long ref = m.write(9999, 0, 0, chunk(0, 1));
      assertEquals(HeadChunkRef.file(written.get(written.size() - 1).ref()) + 1, HeadChunkRef.file(ref));
    }
  }

  @Test
  void corruptChunkTruncatesFileAndDropsLaterFiles() throws IOException {
    List<Written> written;
    try (ChunkDiskMapper m = ChunkDiskMapper.open(dir, 64 * 1024, (a, b, c, d, e, f) -> {}).mapper()) {
      written = writeMany(m, 1000);
    }
    Written victim = written.get(300);
    int file = HeadChunkRef.file(victim.ref());
    Path p = dir.resolve(String.format("%06d", file));
    byte[] b = Files.readAllBytes(p);
    b[HeadChunkRef.offset(victim.ref()) + 40] ^= 0x55;
    Files.write(p, b);
    List<Long> seen = new ArrayList<>();
    ChunkDiskMapper.Opened o = ChunkDiskMapper.open(dir, 64 * 1024, (s, ref, x, y, n, e) -> seen.add(ref));
    o.mapper().close();
    assertNotNull(o.corruption());
    assertEquals(file, o.corruption().fileIndex());
    assertEquals(HeadChunkRef.offset(victim.ref()), o.corruption().offset());
    assertEquals(300, seen.size());
    assertEquals(HeadChunkRef.offset(victim.ref()), Files.size(p));
    List<Written> later = written.stream().filter(w -> HeadChunkRef.file(w.ref()) > file).toList();
    for (Written w : later) {
      assertTrue(Files.notExists(dir.resolve(String.format("%06d", HeadChunkRef.file(w.ref())))));
    }
    // A clean reopen sees exactly the surviving chunks.
    List<Long> again = new ArrayList<>();
    ChunkDiskMapper.Opened o2 = ChunkDiskMapper.open(dir, 64 * 1024, (s, ref, x, y, n, e) -> again.add(ref));
    o2.mapper().close();
    assertNull(o2.corruption());
    assertEquals(seen, again);
  }

  @Test
  void truncateDeletesOldFilesOnly() throws IOException {
    try (ChunkDiskMapper m = ChunkDiskMapper.open(dir, 64 * 1024, (a, b, c, d, e, f) -> {}).mapper()) {
      List<Written> written = writeMany(m, 1000);
      Written mid = written.get(500);
      m.truncate(mid.minT());
      for (Written w : written) {
        if (w.maxT() >= mid.minT()) {
          assertChunk(m, w);
        }
      }
      assertThrows(IOException.class, () -> m.iterator(written.get(0).ref(), null));
      assertTrue(Files.notExists(dir.resolve("000001")));
    }
  }
}
