package io.promethium.tsdb.chunk;

/**
 * Layout constants of a block's chunk segment file ({@code chunks/000001}, ...):
 *
 * <pre>
 * magic &lt;4b BE 0x85BD40DD&gt; version &lt;1b = 1&gt; padding &lt;3b&gt;
 * chunk*: len &lt;uvarint&gt; encoding &lt;1b&gt; data &lt;len bytes&gt; crc32c(encoding, data) &lt;4b BE&gt;
 * </pre>
 *
 * See {@code docs/format/chunks.md}. Constants only.
 */
public final class ChunkSegment {
  public static final int MAGIC = 0x85BD40DD;
  public static final int VERSION = 1;
  public static final int MAGIC_SIZE = 4;
  public static final int VERSION_SIZE = 1;
  public static final int PADDING_SIZE = 3;
  public static final int HEADER_SIZE = MAGIC_SIZE + VERSION_SIZE + PADDING_SIZE;
  public static final int CRC_SIZE = 4;
  /** Prometheus's default (and maximum addressable in practice) segment size: 512 MiB. */
  public static final long DEFAULT_MAX_SIZE = 512L * 1024 * 1024;

  private ChunkSegment() {}

  /** File name of the segment with 0-based index {@code i}: {@code 000001} for 0. */
  public static String fileName(int i) {
    return String.format("%06d", i + 1);
  }
}
