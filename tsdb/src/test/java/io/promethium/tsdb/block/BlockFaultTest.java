package io.promethium.tsdb.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.tsdb.chunk.ChunkCutter;
import io.promethium.tsdb.chunk.ChunkReader;
import io.promethium.tsdb.chunk.ChunkRef;
import io.promethium.tsdb.chunk.ChunkWriter;
import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.fileio.FailingFileOps;
import io.promethium.tsdb.fileio.FileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Failing disks and corrupt files. */
class BlockFaultTest {
  @TempDir Path dir;

  private static SeriesSource source() {
    ChunkCutter c = new ChunkCutter();
    for (int i = 0; i < 500; i++) {
      c.append(i * 1000L, i);
    }
    return SeriesSource.of(List.of(new SeriesChunks(Labels.of("__name__", "x"), c.finish())));
  }

  @ParameterizedTest
  @ValueSource(strings = {"000001", "index", "tombstones.tmp", "meta.json.tmp"})
  void failedWriteLeavesNothing(String victim) throws Exception {
    FailingFileOps ops = new FailingFileOps(p -> p.getFileName().toString().equals(victim), 5);
    IOException e =
        assertThrows(IOException.class, () -> new BlockWriter(ops).write(dir, 0, 1_000_000, source()));
    assertTrue(e.getMessage().contains("no space left"), e.getMessage());
    assertEquals(1, ops.failures());
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(), s.toList());
    }
  }

  @Test
  void failedRenameLeavesNothing() throws Exception {
    FailingFileOps ops = new FailingFileOps(p -> Ulid.isValid(p.getFileName().toString()), 0);
    assertThrows(IOException.class, () -> new BlockWriter(ops).write(dir, 0, 1_000_000, source()));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(), s.toList());
    }
  }

  private Path block() throws Exception {
    return dir.resolve(new BlockWriter().write(dir, 0, 1_000_000, source()).orElseThrow());
  }

  @Test
  void corruptFilesNameFileAndOffset() throws Exception {
    Path b = block();
    Path idx = b.resolve("index");
    byte[] orig = Files.readAllBytes(idx);
    byte[] bad = orig.clone();
    bad[0] = 0;
    Files.write(idx, bad);
    CorruptBlockException e = assertThrows(CorruptBlockException.class, () -> Block.open(b));
    assertEquals(idx, e.file());
    assertEquals(0, e.offset());
    assertTrue(e.getMessage().contains("invalid index magic"), e.getMessage());
    Files.write(idx, orig);

    Path seg = b.resolve("chunks/000001");
    byte[] segBytes = Files.readAllBytes(seg);
    segBytes[4] = 9;
    Files.write(seg, segBytes);
    e = assertThrows(CorruptBlockException.class, () -> Block.open(b));
    assertEquals(seg, e.file());
    assertEquals(4, e.offset());
    segBytes[4] = 1;
    Files.write(seg, segBytes);

    Files.writeString(b.resolve("meta.json"), "{\"ulid\": 1}");
    e = assertThrows(CorruptBlockException.class, () -> Block.open(b));
    assertTrue(e.getMessage().contains("ulid"), e.getMessage());
    Files.delete(b.resolve("meta.json"));
    e = assertThrows(CorruptBlockException.class, () -> Block.open(b));
    assertTrue(e.getMessage().contains("meta.json missing"), e.getMessage());
  }

  @Test
  void chunkSegmentsAreCutAtMaxSize() throws Exception {
    Path cdir = dir.resolve("chunks");
    byte[] data = new byte[100];
    long[] refs = new long[10];
    try (ChunkWriter w = new ChunkWriter(cdir, FileOps.local(), 8 + 3 * 106)) {
      for (int i = 0; i < refs.length; i++) {
        data[0] = (byte) i;
        refs[i] = w.write(1, data, 0, data.length);
      }
    }
    // 106 bytes per entry (1 len + 1 encoding + 100 + 4 crc): three per segment.
    assertEquals(4, Files.list(cdir).count());
    assertEquals(3, ChunkRef.segment(refs[9]));
    assertEquals(8, ChunkRef.offset(refs[9]));
    try (ChunkReader r = ChunkReader.open(cdir)) {
      ChunkReader.ChunkLocation loc = new ChunkReader.ChunkLocation();
      for (int i = 0; i < refs.length; i++) {
        assertEquals(i, r.bytes(refs[i], loc)[0]);
      }
      assertThrows(CorruptFileException.class, () -> r.bytes(ChunkRef.of(9, 8), loc));
      assertThrows(CorruptFileException.class, () -> r.bytes(ChunkRef.of(0, 10_000), loc));
    }
    Path s0 = cdir.resolve("000001");
    byte[] b = Files.readAllBytes(s0);
    b[8 + 2 + 50] ^= 1;
    Files.write(s0, b);
    try (ChunkReader r = ChunkReader.open(cdir)) {
      CorruptFileException e =
          assertThrows(CorruptFileException.class, () -> r.bytes(refs[0], new ChunkReader.ChunkLocation()));
      assertEquals(8, e.offset());
      assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }
  }
}
