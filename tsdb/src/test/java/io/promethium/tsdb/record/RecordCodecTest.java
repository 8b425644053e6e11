package io.promethium.tsdb.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promethium.core.labels.Labels;
import io.promethium.core.storage.StaleNaN;
import io.promethium.tsdb.fileio.ByteEncoder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
  @Test
  void samplesRecordBytesMatchPrometheusLayout() {
    SampleBatch b = new SampleBatch();
    b.add(5, 1000, 1.0);
    b.add(3, 999, 2.0);
    ByteEncoder out = new ByteEncoder();
    RecordEncoder.samples(b, 0, 2, out);
    // type 2 | ref 5 BE | t 1000 BE | dref 0, dt 0, 1.0 | dref -2 (zigzag 3), dt -1 (zigzag 1), 2.0
    String want = "02" + "0000000000000005" + "00000000000003e8"
        + "00" + "00" + "3ff0000000000000"
        + "03" + "01" + "4000000000000000";
    assertEquals(want, HexFormat.of().formatHex(out.toByteArray()));
  }

  @Test
  void seriesRecordBytesMatchPrometheusLayout() {
    ByteEncoder out = new ByteEncoder();
    RecordEncoder.series(List.of(new SeriesRecord(1, Labels.of("__name__", "up", "a", "é"))), out);
    String want = "01" + "0000000000000001" + "02"
        + "08" + HexFormat.of().formatHex("__name__".getBytes()) + "02" + "7570"
        + "01" + "61" + "02" + "c3a9";
    assertEquals(want, HexFormat.of().formatHex(out.toByteArray()));
  }

  @Test
  void randomRoundTrip() throws RecordDecodeException {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    RecordDecoder dec = new RecordDecoder();
    ByteEncoder out = new ByteEncoder();
    for (int round = 0; round < 200; round++) {
      SampleBatch in = new SampleBatch();
      int n = r.nextInt(50);
      for (int i = 0; i < n; i++) {
        double v = switch (r.nextInt(4)) {
          case 0 -> StaleNaN.VALUE;
          case 1 -> r.nextGaussian();
          case 2 -> Double.NaN;
          default -> r.nextLong();
        };
        in.add(r.nextLong() & Long.MAX_VALUE, r.nextLong(), v);
      }
      RecordEncoder.samples(in, 0, n, out);
      SampleBatch got = new SampleBatch();
      dec.samples(out.array(), out.length(), got);
      assertEquals(n, got.size(), "seed " + seed);
      for (int i = 0; i < n; i++) {
        assertEquals(in.ref(i), got.ref(i), "seed " + seed);
        assertEquals(in.timestamp(i), got.timestamp(i), "seed " + seed);
        assertEquals(Double.doubleToRawLongBits(in.value(i)), Double.doubleToRawLongBits(got.value(i)), "seed " + seed);
      }
    }
    List<TombstoneRecord> stones = List.of(new TombstoneRecord(7, -5, Long.MAX_VALUE), new TombstoneRecord(1, 0, 0));
    RecordEncoder.tombstones(stones, out);
    List<TombstoneRecord> back = new ArrayList<>();
    dec.tombstones(out.array(), out.length(), back);
    assertEquals(stones, back);
  }

  @Test
  void truncatedRecordsFailWithOffset() {
    ByteEncoder out = new ByteEncoder();
    RecordEncoder.series(List.of(new SeriesRecord(1, Labels.of("__name__", "up"))), out);
    byte[] b = out.toByteArray();
    for (int cut = 2; cut < b.length; cut++) {
      int c = cut;
      RecordDecodeException e = assertThrows(RecordDecodeException.class,
          () -> new RecordDecoder().series(b, c, new ArrayList<>()));
      assertEquals(true, e.getMessage().contains("byte"), e.getMessage());
    }
    assertArrayEquals(b, out.toByteArray());
  }
}
