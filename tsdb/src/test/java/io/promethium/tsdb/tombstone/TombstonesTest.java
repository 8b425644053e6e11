package io.promethium.tsdb.tombstone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.fileio.FileOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TombstonesTest {
  @TempDir Path dir;

  /** Cases from Prometheus's TestAddingNewIntervals: existing, added, expected. */
  static Stream<Arguments> adds() {
    return Stream.of(
        Arguments.of(new long[] {}, new long[] {1, 2}, "[[1, 2]]"),
        Arguments.of(new long[] {1, 2}, new long[] {1, 2}, "[[1, 2]]"),
        Arguments.of(new long[] {1, 4, 6, 6}, new long[] {5, 6}, "[[1, 6]]"),
        Arguments.of(new long[] {1, 10, 12, 20, 25, 30}, new long[] {21, 25}, "[[1, 10], [12, 30]]"),
        Arguments.of(new long[] {1, 10, 12, 20, 25, 30}, new long[] {22, 23}, "[[1, 10], [12, 20], [22, 23], [25, 30]]"),
        Arguments.of(new long[] {1, 2, 4, 5, 7, 7}, new long[] {6, 6}, "[[1, 2], [4, 7]]"),
        Arguments.of(new long[] {5, 10, 12, 20}, new long[] {1, 3}, "[[1, 3], [5, 10], [12, 20]]"),
        Arguments.of(new long[] {5, 10}, new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, "[[" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]]"),
        Arguments.of(new long[] {Long.MIN_VALUE, 10}, new long[] {20, Long.MAX_VALUE}, "[[" + Long.MIN_VALUE + ", 10], [20, " + Long.MAX_VALUE + "]]"));
  }

  @ParameterizedTest
  @MethodSource("adds")
  void addMergesLikePrometheus(long[] existing, long[] add, String want) {
    Intervals iv = Intervals.EMPTY;
    for (int i = 0; i < existing.length; i += 2) {
      iv = iv.add(existing[i], existing[i + 1]);
    }
    assertEquals(want, iv.add(add[0], add[1]).toString());
  }

  @Test
  void containsCoversOverlaps() {
    Intervals iv = Intervals.of(10, 20).add(30, 40);
    assertTrue(iv.contains(10) && iv.contains(20) && iv.contains(35));
    assertFalse(iv.contains(25) || iv.contains(9) || iv.contains(41));
    assertTrue(iv.covers(12, 18));
    assertFalse(iv.covers(15, 35));
    assertTrue(iv.overlaps(15, 35));
    assertFalse(iv.overlaps(21, 29));
  }

  @Test
  void fileRoundTripAndEmptyFileIsNineBytes() throws Exception {
    Tombstones.EMPTY.write(dir, FileOps.local());
    byte[] empty = Files.readAllBytes(dir.resolve(Tombstones.FILE_NAME));
    // magic, version, CRC32C of nothing (0).
    assertArrayEquals(new byte[] {0x01, 0x30, (byte) 0xBA, 0x30, 1, 0, 0, 0, 0}, empty);
    Tombstones t = Tombstones.EMPTY.with(16, 100, 200).with(16, 300, 400).with(5, -50, 50);
    t.write(dir, FileOps.local());
    Tombstones back = Tombstones.read(dir);
    assertEquals(t.asMap(), back.asMap());
    assertEquals(3, back.total());
    assertFalse(Files.exists(dir.resolve(Tombstones.FILE_NAME + ".tmp")));
  }

  @Test
  void missingFileMeansNone() throws Exception {
    assertTrue(Tombstones.read(dir).isEmpty());
  }

  @Test
  void corruptFileIsReported() throws Exception {
    Tombstones.EMPTY.with(3, 1, 2).write(dir, FileOps.local());
    Path f = dir.resolve(Tombstones.FILE_NAME);
    byte[] b = Files.readAllBytes(f);
    b[6] ^= 0x10;
    Files.write(f, b);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> Tombstones.read(dir));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    e = assertThrows(CorruptFileException.class, () -> Tombstones.read(dir));
    assertEquals(0, e.offset());
  }
}
