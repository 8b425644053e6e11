package io.promethium.tsdb.head;

import io.promethium.core.labels.Labels;
import io.promethium.core.storage.AppendException;
import io.promethium.core.storage.Appender;
import io.promethium.core.storage.StorageException;
import io.promethium.tsdb.fileio.ByteEncoder;
import io.promethium.tsdb.headchunks.ChunkDiskMapper;
import io.promethium.tsdb.record.RecordEncoder;
import io.promethium.tsdb.record.RecordType;
import io.promethium.tsdb.record.SampleBatch;
import java.io.IOException;
import java.util.Arrays;

/**
 * A batch of appends to the {@link Head}, with Prometheus's rules checked at {@link #append} time:
 *
 * <table>
 *   <caption>rejections</caption>
 *   <tr><th>condition</th><th>error</th></tr>
 *   <tr><td>{@code t} below the appender's min valid time (end of the newest block, or head max - 1h)</td>
 *       <td>{@code out of bounds}</td></tr>
 *   <tr><td>{@code t} before the series' last sample</td><td>{@code out of order sample}</td></tr>
 *   <tr><td>{@code t} equals the last sample, value bits differ</td><td>{@code duplicate sample for timestamp}</td></tr>
 *   <tr><td>{@code t} equals the last sample, same bits</td><td>accepted, not stored again</td></tr>
 * </table>
 *
 * <p>{@link #commit()} logs one WAL series record (series this appender created) and one samples record,
 * then applies the samples to memory. New series are visible (without samples) as soon as they are
 * appended, as in Prometheus. Not thread-safe; one per thread, not reusable after commit or rollback.
 */
public final class HeadAppender implements Appender {
  private final Head head;
  private long minValidTime;
  private boolean minValidSet;
  private Buffers buf;
  private final SampleBatch samples;
  private MemSeries[] sampleSeries;
  private MemSeries[] created = new MemSeries[8];
  private int createdCount;
  private long batchMin = Long.MAX_VALUE;
  private long batchMax = Long.MIN_VALUE;
  private final boolean[] createdFlag = new boolean[1];
  private boolean done;
  /** Written by {@link #prefetch} so that its reads are not optimised away; never read. */
  private long prefetchSink;

  /**
   * The per-batch arrays, pooled by the head: a scrape of 10k series would otherwise allocate ~0.8 MB of
   * growing arrays per commit (measured: 78 of 113 bytes allocated per sample).
   */
  static final class Buffers {
    final SampleBatch samples = new SampleBatch(128);
    MemSeries[] series = new MemSeries[128];
    final ByteEncoder seriesRec = new ByteEncoder(256);
    final ByteEncoder samplesRec = new ByteEncoder(1024);
  }

  HeadAppender(Head head) {
    this.head = head;
    this.buf = head.takeBuffers();
    this.samples = buf.samples;
    this.samples.clear();
    this.sampleSeries = buf.series;
    head.metrics.activeAppenders.inc();
    if (head.minTime() != Long.MAX_VALUE) {
      minValidTime = head.appendableMinValidTime();
      minValidSet = true;
    }
  }

  @Override
  public long append(long ref, Labels labels, long t, double v) throws AppendException {
    if (done) {
      throw new IllegalStateException("appender already committed or rolled back");
    }
    if (!minValidSet) {
      // First sample into an empty head sets its time range (Prometheus's initAppender); one that
      // is out of bounds anyway must not drag the head's min time below the newest block.
      if (t >= head.minValidTime()) {
        head.initTime(t);
      }
      minValidTime = head.appendableMinValidTime();
      minValidSet = true;
    }
    if (t < minValidTime) {
      head.metrics.outOfBounds.inc();
      throw new AppendException(AppendException.Reason.OUT_OF_BOUNDS);
    }
    MemSeries s = ref != 0 ? head.series.getByRef(ref) : null;
    while (true) {
      if (s == null) {
        s = seriesByLabels(labels);
      }
      synchronized (s) {
        if (!s.removed) {
          long last = s.maxTime();
          if (last != Long.MIN_VALUE && t <= last) {
            if (t < last) {
              head.metrics.outOfOrder.inc();
              throw new AppendException(AppendException.Reason.OUT_OF_ORDER);
            }
            if (Double.doubleToRawLongBits(v) != s.lastValueBits()) {
              head.metrics.duplicates.inc();
              throw new AppendException(AppendException.Reason.DUPLICATE_SAMPLE);
            }
          }
          s.pendingCommits++;
          break;
        }
      }
      // Dropped by garbage collection since it was looked up: it leaves the maps at once, so the next
      // lookup by labels creates the series anew.
      s = null;
      Thread.onSpinWait();
    }
    int i = samples.size();
    if (i == sampleSeries.length) {
      sampleSeries = Arrays.copyOf(sampleSeries, i * 2);
      buf.series = sampleSeries;
    }
    sampleSeries[i] = s;
    samples.add(s.ref, t, v);
    if (t < batchMin) {
      batchMin = t;
    }
    if (t > batchMax) {
      batchMax = t;
    }
    return s.ref;
  }

  /**
   * Reads what {@link #append} and {@link #commit} will touch of the series: in a head larger than the
   * CPU's caches a series scraped every 15 s is cold, and one series' miss per append was about a fifth of
   * the scrape workers' CPU. A scrape loop prefetches a few series ahead, so their misses overlap.
   */
  @Override
  public void prefetch(long ref) {
    MemSeries s = head.series.getByRef(ref);
    if (s != null) {
      prefetchSink += s.touch();
    }
  }

  private MemSeries seriesByLabels(Labels labels) throws AppendException {
    if (labels == null || labels.isEmpty()) {
      throw new AppendException(AppendException.Reason.INVALID_LABELS);
    }
    MemSeries s = head.series.getOrCreate(labels, unused -> head.createSeries(labels), createdFlag);
    if (createdFlag[0]) {
      if (createdCount == created.length) {
        created = Arrays.copyOf(created, createdCount * 2);
      }
      created[createdCount++] = s;
    }
    return s;
  }

  @Override
  public void commit() throws StorageException {
    if (done) {
      throw new IllegalStateException("appender already committed or rolled back");
    }
    done = true;
    head.metrics.activeAppenders.dec();
    int n = samples.size();
    try {
      if (head.wal != null && (n > 0 || createdCount > 0)) {
        logToWal(n);
      }
    } catch (IOException e) {
      release(n);
      recycle();
      throw new StorageException("write to WAL: " + e.getMessage(), e);
    }
    if (head.isClosed()) {
      release(n);
      recycle();
      throw new StorageException("commit to closed head");
    }
    long chunkRange = head.opts.chunkRange();
    // Read once: the series lock below is a barrier the JIT does not hoist field reads across.
    ChunkDiskMapper mapper = head.mapper;
    int[] cut = new int[1];
    int appended = 0;
    long appliedMin = Long.MAX_VALUE;
    long appliedMax = Long.MIN_VALUE;
    IOException chunkErr = null;
    for (int i = 0; i < n; i++) {
      MemSeries s = sampleSeries[i];
      long t = samples.timestamp(i);
      boolean ok;
      boolean outOfOrder = false;
      synchronized (s) {
        try {
          ok = s.append(t, samples.value(i), chunkRange, mapper, cut);
          // Older than a sample committed since append() checked (same batch or a racing one).
          outOfOrder = !ok && t < s.maxTime();
        } catch (IOException e) {
          ok = false;
          chunkErr = e;
        }
        s.pendingCommits--;
      }
      if (outOfOrder) {
        head.metrics.outOfOrder.inc();
      }
      if (ok) {
        appended++;
        if (t < appliedMin) {
          appliedMin = t;
        }
        if (t > appliedMax) {
          appliedMax = t;
        }
      }
      sampleSeries[i] = null;
    }
    if (cut[0] > 0) {
      head.numChunks.addAndGet(cut[0]);
      head.metrics.chunksCreated.add(cut[0]);
    }
    if (appended > 0) {
      head.metrics.samplesAppended.add(appended);
      head.updateMinMaxTime(appliedMin, appliedMax);
    }
    recycle();
    if (chunkErr != null) {
      throw new StorageException("write head chunk: " + chunkErr.getMessage(), chunkErr);
    }
  }

  private void logToWal(int n) throws IOException {
    ByteEncoder seriesRec = null;
    if (createdCount > 0) {
      seriesRec = buf.seriesRec.reset();
      seriesRec.putByte(RecordType.SERIES);
      for (int i = 0; i < createdCount; i++) {
        RecordEncoder.seriesEntry(created[i].ref, created[i].labels, seriesRec);
      }
    }
    if (n == 0) {
      head.wal.log(seriesRec);
      return;
    }
    ByteEncoder sampleRec = buf.samplesRec;
    RecordEncoder.samples(samples, 0, n, sampleRec);
    if (seriesRec != null) {
      head.wal.log(seriesRec, sampleRec);
    } else {
      head.wal.log(sampleRec);
    }
  }

  private void release(int n) {
    for (int i = 0; i < n; i++) {
      MemSeries s = sampleSeries[i];
      synchronized (s) {
        s.pendingCommits--;
      }
      sampleSeries[i] = null;
    }
  }

  @Override
  public void rollback() {
    if (done) {
      return;
    }
    done = true;
    head.metrics.activeAppenders.dec();
    release(samples.size());
    // Series stay in memory after a rollback, so their records must reach the WAL too (as Prometheus):
    // a later batch appending to them logs samples only, and replay would drop them as unknown.
    if (createdCount > 0 && head.wal != null && !head.isClosed()) {
      try {
        logToWal(0);
      } catch (IOException e) {
        head.metrics.walSeriesLost.inc();
      }
    }
    recycle();
  }

  private void recycle() {
    if (buf != null) {
      samples.clear();
      head.returnBuffers(buf);
      buf = null;
    }
  }
}
