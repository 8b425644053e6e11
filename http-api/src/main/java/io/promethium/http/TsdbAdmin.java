package io.promethium.http;

import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.StorageException;
import java.util.List;

/**
 * The TSDB operations behind {@code /api/v1/admin/tsdb/*}. Implemented by the server over the tsdb
 * module. Thread-safe.
 */
public interface TsdbAdmin {
  /** Marks samples of series matching all {@code matchers} with {@code minT <= t <= maxT} as deleted. */
  void deleteSeries(long minT, long maxT, List<Matcher> matchers) throws StorageException;

  /** Rewrites blocks to drop deleted samples and removes the tombstones. */
  void cleanTombstones() throws StorageException;

  /**
   * Writes a snapshot under {@code <data dir>/snapshots/} and returns its directory name (e.g.
   * {@code 20171210T211224Z-2be650b6d019eb54}).
   *
   * @param withHead whether to include the in-memory head (false for {@code skip_head=true})
   */
  String snapshot(boolean withHead) throws StorageException;
}
