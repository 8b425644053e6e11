package io.promethium.tsdb.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockMetaTest {
  @Test
  void ulidEncodesTimeAndSortsByIt() {
    Random r = new Random(1);
    String prev = null;
    for (long t = 1_600_000_000_000L; t < 1_600_000_100_000L; t += 997) {
      byte[] rnd = new byte[10];
      r.nextBytes(rnd);
      String u = Ulid.encode(t, rnd);
      assertTrue(Ulid.isValid(u), u);
      assertEquals(t, Ulid.timestamp(u));
      if (prev != null) {
        assertTrue(prev.compareTo(u) < 0);
      }
      prev = u;
    }
    // Known vector from the ULID spec's reference implementation: time 1469918176385.
    assertEquals("01ARYZ6S41", Ulid.encode(1469918176385L, new byte[10]).substring(0, 10));
    assertEquals("01ARYZ6S410000000000000000", Ulid.encode(1469918176385L, new byte[10]));
    assertFalse(Ulid.isValid("01ARYZ6S41000000000000000U"));
    assertFalse(Ulid.isValid("81ARYZ6S410000000000000000"));
  }

  @Test
  void jsonRoundTripWithParents() {
    BlockMeta m =
        new BlockMeta(
            "01ARYZ6S410000000000000000",
            -100,
            7_200_000,
            new BlockMeta.Stats(10, 2, 3, 4),
            new BlockMeta.Compaction(
                3,
                List.of("01ARYZ6S410000000000000001", "01ARYZ6S410000000000000002"),
                List.of(new BlockMeta.BlockDesc("01ARYZ6S410000000000000003", -100, 5)),
                true,
                false),
            1);
    assertEquals(m, BlockMeta.parse(m.toJson()));
    assertTrue(m.toJson().contains("\"numTombstones\": 4"));
  }

  @Test
  void prometheusMetaParses() {
    String json =
        "{\n\t\"ulid\": \"01EM6Q6A1YPX4G9TEB20J22B2R\",\n\t\"minTime\": 1602237600000,\n"
            + "\t\"maxTime\": 1602244800000,\n\t\"stats\": {\"numSamples\": 553673232, \"numSeries\": 1346066,"
            + " \"numChunks\": 4440437, \"numFloatSamples\": 1},\n\t\"compaction\": {\"level\": 1, \"sources\":"
            + " [\"01EM65SHSX4VARXBBHBF0M0FDS\"], \"hints\": [\"from-out-of-order\"]},\n\t\"version\": 1\n}";
    BlockMeta m = BlockMeta.parse(json);
    assertEquals(1602244800000L, m.maxTime());
    assertEquals(4440437, m.stats().numChunks());
    assertEquals(List.of("01EM65SHSX4VARXBBHBF0M0FDS"), m.compaction().sources());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{| json: unexpected end of JSON input at line 1, column 2 (byte offset 1)",
        "{\"ulid\": \"x\"}| invalid ulid 'x'",
        "{\"ulid\": \"01EM6Q6A1YPX4G9TEB20J22B2R\", \"version\": 2}| unsupported version 2",
        "{\"ulid\": \"01EM6Q6A1YPX4G9TEB20J22B2R\", \"minTime\": \"a\"}| field minTime missing or not an integer",
        "[1]| top level is not an object",
      })
  void badMetaSaysWhy(String json, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlockMeta.parse(json));
    assertTrue(e.getMessage().contains(message.trim()), e.getMessage());
  }
}
