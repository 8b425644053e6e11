package io.promethium.tsdb.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.tsdb.fileio.ByteEncoder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WalTest {
  @TempDir Path dir;

  private static List<byte[]> randomRecords(long seed, int n) {
    Random r = new Random(seed);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int size = switch (r.nextInt(4)) {
        case 0 -> 0;
        case 1 -> r.nextInt(100);
        case 2 -> r.nextInt(40_000);
        default -> r.nextInt(100_000);
      };
      byte[] b = new byte[size];
      // half compressible, half random
      if (r.nextBoolean()) {
        r.nextBytes(b);
      } else {
        Arrays.fill(b, (byte) i);
      }
      out.add(b);
    }
    return out;
  }

  private static List<byte[]> readAll(Path dir) throws IOException {
    List<byte[]> got = new ArrayList<>();
    try (WalReader rd = WalReader.open(dir, 0, -1)) {
      while (rd.next()) {
        got.add(Arrays.copyOf(rd.record(), rd.length()));
      }
    }
    return got;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void roundTripAcrossPagesAndSegments(boolean compress) throws IOException {
    List<byte[]> recs = randomRecords(42, 300);
    // 4-page segments force records to start new segments often.
    try (Wal w = Wal.open(dir, 4 * Wal.PAGE_SIZE, compress, new MetricsRegistry())) {
      ByteEncoder b = new ByteEncoder();
      for (byte[] rec : recs) {
        b.reset();
        b.putBytes(rec, 0, rec.length);
        w.log(b);
      }
    }
    assertTrue(WalFiles.segments(dir).size() > 10, "expected many segments");
    for (int seg : WalFiles.segments(dir)) {
      assertTrue(Files.size(WalFiles.segment(dir, seg)) <= 4 * Wal.PAGE_SIZE);
    }
    List<byte[]> got = readAll(dir);
    assertEquals(recs.size(), got.size());
    for (int i = 0; i < recs.size(); i++) {
      assertArrayEquals(recs.get(i), got.get(i), "record " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void reopenStartsNewSegmentAndKeepsRecords(boolean compress) throws IOException {
    ByteEncoder b = new ByteEncoder();
    for (int round = 0; round < 3; round++) {
      try (Wal w = Wal.open(dir, Wal.DEFAULT_SEGMENT_SIZE, compress, null)) {
        assertEquals(round, w.currentSegment());
        b.reset();
        b.putBe64(round);
        w.log(b);
      }
    }
    List<byte[]> got = readAll(dir);
    assertEquals(3, got.size());
    assertEquals(2, got.get(2)[7]);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 100, 5000, 40_000})
  void truncatedTailIsCorruptionAndRepairKeepsEarlierRecords(int cut) throws IOException {
    List<byte[]> recs = randomRecords(7, 20);
    byte[] tail = new byte[60_000];
    new Random(1).nextBytes(tail);
    recs.add(tail); // the torn record: long enough for every cut to land inside it
    try (Wal w = Wal.open(dir, Wal.DEFAULT_SEGMENT_SIZE, false, null)) {
      ByteEncoder b = new ByteEncoder();
      for (byte[] rec : recs) {
        b.reset();
        b.putBytes(rec, 0, rec.length);
        w.log(b);
      }
    }
    Path seg = WalFiles.segment(dir, 0);
    long size = Files.size(seg);
    // Find where records end (before final page padding) by reading offsets.
    List<Long> offsets = new ArrayList<>();
    try (WalReader rd = WalReader.open(dir, 0, -1)) {
      while (rd.next()) {
        offsets.add(rd.offset());
      }
    }
    long lastStart = offsets.get(offsets.size() - 1);
    long truncateAt = Math.max(lastStart + 1, Math.min(size - 1, lastStart + cut));
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(truncateAt);
    }
    WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> readAll(dir));
    assertEquals(0, e.segment());
    assertEquals(lastStart, e.offset());
    Wal.repair(e);
    List<byte[]> got = readAll(dir);
    assertEquals(recs.size() - 1, got.size());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void flippedBitIsReportedWithOffset(boolean compress) throws IOException {
    try (Wal w = Wal.open(dir, Wal.DEFAULT_SEGMENT_SIZE, compress, null)) {
      ByteEncoder b = new ByteEncoder();
      for (int i = 0; i < 10; i++) {
        b.reset();
        for (int j = 0; j < 50; j++) {
          b.putBe64(i * 1000L + j);
        }
        w.log(b);
      }
    }
    List<Long> offsets = new ArrayList<>();
    try (WalReader rd = WalReader.open(dir, 0, -1)) {
      while (rd.next()) {
        offsets.add(rd.offset());
      }
    }
    Path seg = WalFiles.segment(dir, 0);
    byte[] all = Files.readAllBytes(seg);
    long bad = offsets.get(5);
    all[(int) bad + Wal.RECORD_HEADER_SIZE + 3] ^= 0x10;
    Files.write(seg, all);
    WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> readAll(dir));
    assertEquals(bad, e.offset());
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    Wal.repair(e);
    assertEquals(5, readAll(dir).size());
    // After repair the log opens for writing in a fresh segment.
    try (Wal w = Wal.open(dir, Wal.DEFAULT_SEGMENT_SIZE, compress, null)) {
      assertEquals(1, w.currentSegment());
    }
    assertFalse(readAll(dir).isEmpty());
  }
}
