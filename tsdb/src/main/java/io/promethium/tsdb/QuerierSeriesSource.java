package io.promethium.tsdb;

import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SeriesSet;
import io.promethium.tsdb.block.SeriesChunks;
import io.promethium.tsdb.block.SeriesSource;
import io.promethium.tsdb.chunk.ChunkCutter;
import io.promethium.tsdb.chunk.EncodedChunk;
import java.io.IOException;
import java.util.List;

/**
 * Feeds a {@link io.promethium.tsdb.block.BlockWriter} from a sorted series set: each series' samples in
 * {@code [minT, maxT)} are re-encoded into chunks of 120 samples. Deleted samples are already hidden by
 * the queriers, so this also drops tombstoned data. Series without samples in range are skipped. Used
 * from one thread.
 */
final class QuerierSeriesSource implements SeriesSource {
  private final SeriesSet set;
  private final long minT;
  private final long maxT;
  private SampleIterator it;

  QuerierSeriesSource(SeriesSet set, long minT, long maxT) {
    this.set = set;
    this.minT = minT;
    this.maxT = maxT;
  }

  @Override
  public SeriesChunks next() throws IOException {
    while (set.next()) {
      it = set.at().iterator(it);
      ChunkCutter cutter = new ChunkCutter();
      boolean any = false;
      if (it.seek(minT)) {
        do {
          long t = it.timestamp();
          if (t >= maxT) {
            break;
          }
          cutter.append(t, it.value());
          any = true;
        } while (it.next());
      }
      if (it.error() != null) {
        throw new IOException("read series " + set.at().labels() + ": " + it.error().getMessage(), it.error());
      }
      if (!any) {
        continue;
      }
      List<EncodedChunk> chunks = cutter.finish();
      return new SeriesChunks(set.at().labels(), chunks);
    }
    if (set.error() != null) {
      throw new IOException("read series: " + set.error().getMessage(), set.error());
    }
    return null;
  }
}
