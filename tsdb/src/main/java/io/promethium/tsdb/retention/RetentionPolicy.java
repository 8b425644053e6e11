package io.promethium.tsdb.retention;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Prometheus's retention rules over a set of blocks. Blocks are considered newest first (by min time):
 *
 * <ul>
 *   <li>time: once a block's max time is more than {@code retentionMillis} behind the newest block's max
 *       time, it and every older block go ({@code BeyondTimeRetention});
 *   <li>size: walking from the newest block, starting from the bytes of the WAL and head chunks, the
 *       first block that makes the total exceed {@code maxBytes} goes with every older block
 *       ({@code BeyondSizeRetention}).
 * </ul>
 *
 * Whole blocks only. Stateless and thread-safe.
 */
public final class RetentionPolicy {
  /** What the policy needs to know of a block. */
  public record BlockInfo(String ulid, long minTime, long maxTime, long sizeBytes) {}

  private RetentionPolicy() {}

  private static List<BlockInfo> newestFirst(List<BlockInfo> blocks) {
    List<BlockInfo> b = new ArrayList<>(blocks);
    b.sort(Comparator.comparingLong(BlockInfo::minTime).reversed());
    return b;
  }

  /** ULIDs beyond time retention; none when {@code retentionMillis <= 0}. */
  public static Set<String> beyondTime(List<BlockInfo> blocks, long retentionMillis) {
    Set<String> out = new LinkedHashSet<>();
    if (blocks.isEmpty() || retentionMillis <= 0) {
      return out;
    }
    List<BlockInfo> b = newestFirst(blocks);
    long newestMax = b.get(0).maxTime();
    for (int i = 1; i < b.size(); i++) {
      if (newestMax - b.get(i).maxTime() > retentionMillis) {
        for (int j = i; j < b.size(); j++) {
          out.add(b.get(j).ulid());
        }
        break;
      }
    }
    return out;
  }

  /** ULIDs beyond size retention; none when {@code maxBytes <= 0}. */
  public static Set<String> beyondSize(List<BlockInfo> blocks, long headBytes, long maxBytes) {
    Set<String> out = new LinkedHashSet<>();
    if (blocks.isEmpty() || maxBytes <= 0) {
      return out;
    }
    List<BlockInfo> b = newestFirst(blocks);
    long total = headBytes;
    for (int i = 0; i < b.size(); i++) {
      total += b.get(i).sizeBytes();
      if (total > maxBytes) {
        for (int j = i; j < b.size(); j++) {
          out.add(b.get(j).ulid());
        }
        break;
      }
    }
    return out;
  }
}
