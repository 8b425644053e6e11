package io.promethium.tsdb;

import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.tsdb.fileio.FileOps;
import io.promethium.tsdb.wal.Wal;
import java.time.Duration;

/**
 * Settings of a {@link Tsdb}, with Prometheus's flag defaults. Immutable; change with the {@code with...}
 * methods.
 *
 * <table>
 *   <caption>defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>Prometheus flag</th></tr>
 *   <tr><td>retention</td><td>15d</td><td>{@code --storage.tsdb.retention.time}</td></tr>
 *   <tr><td>retentionBytes</td><td>0 (off)</td><td>{@code --storage.tsdb.retention.size}</td></tr>
 *   <tr><td>minBlockDuration</td><td>2h</td><td>{@code --storage.tsdb.min-block-duration}</td></tr>
 *   <tr><td>maxBlockDuration</td><td>10% of retention, at most 31d (0 = derive)</td>
 *       <td>{@code --storage.tsdb.max-block-duration}</td></tr>
 *   <tr><td>walCompression</td><td>true</td><td>{@code --storage.tsdb.wal-compression}</td></tr>
 *   <tr><td>walSegmentSize</td><td>128 MiB</td><td>{@code --storage.tsdb.wal-segment-size}</td></tr>
 *   <tr><td>noLockfile</td><td>false</td><td>{@code --storage.tsdb.no-lockfile}</td></tr>
 *   <tr><td>compactionInterval</td><td>1m</td><td>fixed in Prometheus</td></tr>
 * </table>
 */
public record TsdbOptions(
    Duration retention,
    long retentionBytes,
    Duration minBlockDuration,
    Duration maxBlockDuration,
    boolean walCompression,
    int walSegmentSize,
    boolean noLockfile,
    Duration compactionInterval,
    MetricsRegistry registry,
    FileOps fileOps) {

  public static final Duration DEFAULT_RETENTION = Duration.ofDays(15);
  private static final Duration MAX_BLOCK_CAP = Duration.ofDays(31);

  public static TsdbOptions defaults() {
    return new TsdbOptions(DEFAULT_RETENTION, 0, Duration.ofHours(2), Duration.ZERO, true,
        Wal.DEFAULT_SEGMENT_SIZE, false, Duration.ofMinutes(1), null, null);
  }

  public TsdbOptions withRetention(Duration d) {
    return new TsdbOptions(d, retentionBytes, minBlockDuration, maxBlockDuration, walCompression, walSegmentSize, noLockfile, compactionInterval, registry, fileOps);
  }

  public TsdbOptions withRetentionBytes(long b) {
    return new TsdbOptions(retention, b, minBlockDuration, maxBlockDuration, walCompression, walSegmentSize, noLockfile, compactionInterval, registry, fileOps);
  }

  public TsdbOptions withBlockDurations(Duration min, Duration max) {
    return new TsdbOptions(retention, retentionBytes, min, max, walCompression, walSegmentSize, noLockfile, compactionInterval, registry, fileOps);
  }

  public TsdbOptions withWalCompression(boolean c) {
    return new TsdbOptions(retention, retentionBytes, minBlockDuration, maxBlockDuration, c, walSegmentSize, noLockfile, compactionInterval, registry, fileOps);
  }

  public TsdbOptions withWalSegmentSize(int size) {
    return new TsdbOptions(retention, retentionBytes, minBlockDuration, maxBlockDuration, walCompression, size, noLockfile, compactionInterval, registry, fileOps);
  }

  public TsdbOptions withNoLockfile(boolean n) {
    return new TsdbOptions(retention, retentionBytes, minBlockDuration, maxBlockDuration, walCompression, walSegmentSize, n, compactionInterval, registry, fileOps);
  }

  /** How often the background thread checks for compaction and retention; {@code ZERO} disables it. */
  public TsdbOptions withCompactionInterval(Duration d) {
    return new TsdbOptions(retention, retentionBytes, minBlockDuration, maxBlockDuration, walCompression, walSegmentSize, noLockfile, d, registry, fileOps);
  }

  public TsdbOptions withRegistry(MetricsRegistry r) {
    return new TsdbOptions(retention, retentionBytes, minBlockDuration, maxBlockDuration, walCompression, walSegmentSize, noLockfile, compactionInterval, r, fileOps);
  }

  /** The file operations used to write blocks (a seam for fault tests). */
  public TsdbOptions withFileOps(FileOps ops) {
    return new TsdbOptions(retention, retentionBytes, minBlockDuration, maxBlockDuration, walCompression, walSegmentSize, noLockfile, compactionInterval, registry, ops);
  }

  /** The max block duration in effect: as set, or 10% of retention capped at 31 days (never below min). */
  public Duration effectiveMaxBlockDuration() {
    if (!maxBlockDuration.isZero()) {
      return maxBlockDuration;
    }
    Duration d = retention.isZero() ? MAX_BLOCK_CAP : retention.dividedBy(10);
    if (d.compareTo(MAX_BLOCK_CAP) > 0) {
      d = MAX_BLOCK_CAP;
    }
    return d.compareTo(minBlockDuration) < 0 ? minBlockDuration : d;
  }
}
