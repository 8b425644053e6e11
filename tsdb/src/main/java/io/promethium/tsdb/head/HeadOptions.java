package io.promethium.tsdb.head;

import io.promethium.tsdb.headchunks.ChunkDiskMapper;
import io.promethium.tsdb.wal.Wal;

/**
 * Settings of a {@link Head}.
 *
 * <table>
 *   <caption>defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>Prometheus</th></tr>
 *   <tr><td>chunkRange</td><td>2h</td><td>min block duration</td></tr>
 *   <tr><td>walEnabled</td><td>true</td><td>WAL off only in agent/tests</td></tr>
 *   <tr><td>walCompression</td><td>true</td><td>{@code --storage.tsdb.wal-compression}</td></tr>
 *   <tr><td>walSegmentSize</td><td>128 MiB</td><td>{@code --storage.tsdb.wal-segment-size}</td></tr>
 *   <tr><td>chunkFileMaxSize</td><td>128 MiB</td><td>fixed</td></tr>
 *   <tr><td>replayThreads</td><td>available processors, at most 8</td><td>GOMAXPROCS</td></tr>
 * </table>
 */
public record HeadOptions(
    long chunkRange,
    boolean walEnabled,
    boolean walCompression,
    int walSegmentSize,
    long chunkFileMaxSize,
    int replayThreads) {

  public static final long DEFAULT_CHUNK_RANGE = 2 * 3600 * 1000L;

  public static HeadOptions defaults() {
    return new HeadOptions(DEFAULT_CHUNK_RANGE, true, true, Wal.DEFAULT_SEGMENT_SIZE,
        ChunkDiskMapper.DEFAULT_MAX_FILE_SIZE, Math.min(8, Runtime.getRuntime().availableProcessors()));
  }

  public HeadOptions withChunkRange(long r) {
    return new HeadOptions(r, walEnabled, walCompression, walSegmentSize, chunkFileMaxSize, replayThreads);
  }

  public HeadOptions withWal(boolean enabled, boolean compression, int segmentSize) {
    return new HeadOptions(chunkRange, enabled, compression, segmentSize, chunkFileMaxSize, replayThreads);
  }
}
