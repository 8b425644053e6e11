package io.promethium.tsdb.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promethium.tsdb.block.BlockMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cases follow Prometheus's TestLeveledCompactor_plan, with ranges 20, 60, 180, 540, 1620. */
class CompactionPlannerTest {
  private static final long[] RANGES = BlockRanges.exponential(20, 5, 3);

  private static BlockMeta meta(String id, long min, long max) {
    return meta(id, min, max, 0, 0);
  }

  private static BlockMeta meta(String id, long min, long max, long series, long tombstones) {
    return new BlockMeta(id, min, max, new BlockMeta.Stats(1, series, 1, tombstones), null, 1);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("empty", List.of(), List.of()),
        Arguments.of("single block", List.of(meta("1", 0, 20)), List.of()),
        Arguments.of("two blocks, newest excluded", List.of(meta("1", 0, 20), meta("2", 20, 40)), List.of()),
        Arguments.of("three fill 60", List.of(meta("1", 0, 20), meta("2", 20, 40), meta("3", 40, 60)), List.of()),
        Arguments.of(
            "range filled, newest later",
            List.of(meta("1", 0, 20), meta("2", 20, 40), meta("3", 40, 60), meta("4", 60, 80)),
            List.of("1", "2", "3")),
        Arguments.of(
            "before the newest block",
            List.of(meta("1", 0, 20), meta("2", 20, 40), meta("4", 60, 120), meta("5", 120, 180)),
            List.of("1", "2")),
        Arguments.of(
            "next level",
            List.of(meta("1", 0, 60), meta("4", 60, 120), meta("5", 120, 180), meta("6", 180, 200)),
            List.of("1", "4", "5")),
        Arguments.of(
            "overlapping first",
            List.of(meta("1", 0, 20), meta("2", 19, 40), meta("3", 40, 60)),
            List.of("1", "2")),
        Arguments.of(
            "overlap chain",
            List.of(meta("1", 0, 20), meta("2", 10, 30), meta("3", 25, 40), meta("4", 60, 80)),
            List.of("1", "2", "3")),
        Arguments.of(
            "tombstones over 5% on a large block",
            List.of(meta("1", 0, 180, 100, 10), meta("2", 180, 200)),
            List.of("1")),
        Arguments.of(
            "few tombstones",
            List.of(meta("1", 0, 180, 100, 5), meta("2", 180, 200)),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plan(String name, List<BlockMeta> metas, List<String> want) {
    List<String> got = new ArrayList<>();
    for (BlockMeta m : new CompactionPlanner(RANGES).plan(metas)) {
      got.add(m.ulid());
    }
    assertEquals(want, got, name);
  }

  @Test
  void defaultRanges() {
    long h = 3600_000L;
    assertArrayEquals(new long[] {2 * h, 6 * h, 18 * h}, BlockRanges.forMaxDuration(2 * h, 15 * 24 * h / 10));
    assertEquals(31 * 24 * h, BlockRanges.maxBlockDuration(3650L * 24 * h));
    assertEquals(36 * h, BlockRanges.maxBlockDuration(15 * 24 * h));
  }
}
