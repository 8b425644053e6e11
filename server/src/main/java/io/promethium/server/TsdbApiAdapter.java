package io.promethium.server;

import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.StorageException;
import io.promethium.http.TsdbAdmin;
import io.promethium.http.TsdbStatus;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbStats;
import io.promethium.tsdb.head.PostingsStats;
import io.promethium.tsdb.head.ReplayProgress;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The HTTP API's views of the TSDB ({@code /api/v1/admin/tsdb/*}, {@code /api/v1/status/tsdb}, {@code
 * /api/v1/status/walreplay}) over a {@link Tsdb}. Thread-safe as the TSDB is.
 */
final class TsdbApiAdapter implements TsdbAdmin, TsdbStatus {
  private static final DateTimeFormatter SNAPSHOT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Tsdb tsdb;

  TsdbApiAdapter(Tsdb tsdb) {
    this.tsdb = tsdb;
  }

  @Override
  public void deleteSeries(long minT, long maxT, List<Matcher> matchers) throws StorageException {
    tsdb.delete(minT, maxT, matchers.toArray(Matcher[]::new));
  }

  @Override
  public void cleanTombstones() throws StorageException {
    try {
      tsdb.cleanTombstones();
    } catch (IOException e) {
      throw new StorageException("clean tombstones: " + e.getMessage(), e);
    }
  }

  /** Snapshot directory named like Prometheus: UTC time, a dash, 8 random bytes in hex. */
  @Override
  public String snapshot(boolean withHead) throws StorageException {
    byte[] rnd = new byte[8];
    RANDOM.nextBytes(rnd);
    String name = ZonedDateTime.now(ZoneOffset.UTC).format(SNAPSHOT_TIME) + "-" + HexFormat.of().formatHex(rnd);
    Path dir = tsdb.dir().resolve("snapshots").resolve(name);
    try {
      tsdb.snapshot(dir, withHead);
    } catch (IOException e) {
      throw new StorageException("create snapshot: " + e.getMessage(), e);
    }
    return name;
  }

  @Override
  public Stats stats(int limit) {
    TsdbStats s = tsdb.stats("", limit);
    PostingsStats p = s.postings();
    return new Stats(
        new HeadStats(s.numSeries(), p.numLabelPairs(), s.chunkCount(), s.minTime(), s.maxTime()),
        top(p.seriesCountByMetricName()), top(p.labelValueCountByLabelName()), top(p.memoryInBytesByLabelName()),
        top(p.seriesCountByLabelValuePair()));
  }

  @Override
  public WalReplay walReplay() {
    ReplayProgress r = tsdb.replayProgress();
    return new WalReplay(Math.max(0, r.min()), Math.max(0, r.max()), Math.max(0, r.current()));
  }

  private static List<NameCount> top(List<PostingsStats.Entry> entries) {
    List<NameCount> out = new ArrayList<>(entries.size());
    for (PostingsStats.Entry e : entries) {
      out.add(new NameCount(e.name(), e.value()));
    }
    return out;
  }
}
