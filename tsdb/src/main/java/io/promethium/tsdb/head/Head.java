package io.promethium.tsdb.head;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Matcher;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.StorageException;
import io.promethium.tsdb.fileio.ByteEncoder;
import io.promethium.tsdb.headchunks.ChunkDiskMapper;
import io.promethium.tsdb.record.RecordEncoder;
import io.promethium.tsdb.record.TombstoneRecord;
import io.promethium.tsdb.tombstone.Intervals;
import io.promethium.tsdb.wal.Checkpoint;
import io.promethium.tsdb.wal.Wal;
import io.promethium.tsdb.wal.WalFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The in-memory head block: the newest samples of every series, made durable by the WAL in
 * {@code <data>/wal} and with full chunks in {@code <data>/chunks_head}. Opening replays both (see
 * {@link WalReplay}). Appenders ({@link #appender()}) write one WAL batch per commit and then update memory;
 * queriers ({@link #querier}) read a consistent snapshot per series.
 *
 * <p>Thread-safe. Owns its WAL and chunk files: {@link #close()} closes them.
 */
public final class Head implements Closeable {
  private static final Logger LOG = Logger.getLogger(Head.class.getName());
  public static final String WAL_DIR = "wal";
  public static final String CHUNKS_DIR = "chunks_head";

  final HeadOptions opts;
  final Path dataDir;
  final StripeSeries series = new StripeSeries();
  final MemPostings postings = new MemPostings();
  final AtomicLong lastSeriesRef = new AtomicLong();
  final AtomicLong numSeries = new AtomicLong();
  final AtomicLong numChunks = new AtomicLong();
  private final AtomicLong minTime = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong maxTime = new AtomicLong(Long.MIN_VALUE);
  private volatile long minValidTime = Long.MIN_VALUE;
  final HeadMetrics metrics;
  ChunkDiskMapper mapper;
  Wal wal;
  private volatile ReplayProgress progress = ReplayProgress.NOT_STARTED;
  private Consumer<ReplayProgress> progressListener = p -> {};
  private volatile boolean closed;

  private Head(Path dataDir, HeadOptions opts, MetricsRegistry registry) {
    this.dataDir = dataDir;
    this.opts = opts;
    this.metrics = new HeadMetrics(registry, this);
  }

  /**
   * Opens the head in {@code dataDir}: loads head chunks, replays checkpoint and WAL (repairing a corrupt
   * tail), then opens the WAL for writing.
   *
   * @param minValidTime samples older than this (the end of the newest block) are not loaded or accepted
   */
  public static Head open(Path dataDir, HeadOptions opts, MetricsRegistry registry, long minValidTime)
      throws IOException {
    return open(dataDir, opts, registry, minValidTime, p -> {});
  }

  /** As {@link #open(Path, HeadOptions, MetricsRegistry, long)}, reporting replay progress as it goes. */
  public static Head open(Path dataDir, HeadOptions opts, MetricsRegistry registry, long minValidTime,
      Consumer<ReplayProgress> progress) throws IOException {
    Head h = new Head(dataDir, opts, registry == null ? new MetricsRegistry() : registry);
    h.minValidTime = minValidTime;
    h.progressListener = progress;
    long start = System.nanoTime();
    try {
      new WalReplay(h).run();
      if (opts.walEnabled()) {
        h.wal = Wal.open(dataDir.resolve(WAL_DIR), opts.walSegmentSize(), opts.walCompression(), registry);
        h.metrics.registerWalSize(registry, h);
      }
    } catch (IOException | RuntimeException e) {
      h.closeQuietly();
      throw e;
    }
    h.metrics.replayDuration.set((System.nanoTime() - start) / 1e9);
    return h;
  }

  void setProgress(ReplayProgress p) {
    progress = p;
    progressListener.accept(p);
  }

  /** WAL replay progress (done once {@link #open} has returned). */
  public ReplayProgress replayProgress() {
    return progress;
  }

  public long minTime() {
    return minTime.get();
  }

  public long maxTime() {
    return maxTime.get();
  }

  public long minValidTime() {
    return minValidTime;
  }

  /** Raises the lowest timestamp the head accepts (after a block is loaded or written). */
  public void setMinValidTime(long t) {
    minValidTime = Math.max(minValidTime, t);
  }

  public long numSeries() {
    return numSeries.get();
  }

  public long numChunks() {
    return numChunks.get();
  }

  public long chunkRange() {
    return opts.chunkRange();
  }

  /** The head's chunk files, for size accounting. */
  public long chunksSize() {
    return mapper == null ? 0 : mapper.size();
  }

  public long walSize() throws IOException {
    return wal == null ? 0 : wal.size();
  }

  public Wal wal() {
    return wal;
  }

  /** Widens the head's time range to include {@code [mint, maxt]}. */
  void updateMinMaxTime(long mint, long maxt) {
    long cur;
    while (mint < (cur = minTime.get())) {
      if (minTime.compareAndSet(cur, mint)) {
        break;
      }
    }
    while (maxt > (cur = maxTime.get())) {
      if (maxTime.compareAndSet(cur, maxt)) {
        break;
      }
    }
  }

  /** Sets min and max to {@code t} if the head has no samples yet (Prometheus's {@code initTime}). */
  void initTime(long t) {
    if (minTime.compareAndSet(Long.MAX_VALUE, t)) {
      maxTime.compareAndSet(Long.MIN_VALUE, t);
    }
  }

  /** Lowest timestamp an appender created now accepts (Prometheus's {@code appendableMinValidTime}). */
  long appendableMinValidTime() {
    long mt = maxTime.get();
    long cwEnd = mt == Long.MIN_VALUE ? Long.MIN_VALUE : mt - opts.chunkRange() / 2;
    return Math.max(cwEnd, minValidTime);
  }

  /**
   * Idle per-batch buffers: a few slots taken and returned with one atomic swap each. A queue cost a node
   * allocation and a contended tail per commit (10% of the scrape workers' samples in a profile); a
   * fixed array of slots, probed from a per-thread start, rarely contends. When every slot is full the
   * returned buffers are dropped; when every slot is empty a new one is made.
   */
  private final AtomicReferenceArray<HeadAppender.Buffers> bufferPool = new AtomicReferenceArray<>(BUFFER_SLOTS);
  /** Twice the processors (appending threads are at most a few per core), a power of two, at least 8. */
  private static final int BUFFER_SLOTS =
      Math.max(8, Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 2 - 1)) << 1);

  private static int firstSlot() {
    return System.identityHashCode(Thread.currentThread()) & (BUFFER_SLOTS - 1);
  }

  HeadAppender.Buffers takeBuffers() {
    int start = firstSlot();
    for (int k = 0; k < BUFFER_SLOTS; k++) {
      int i = (start + k) & (BUFFER_SLOTS - 1);
      if (bufferPool.getPlain(i) != null) {
        HeadAppender.Buffers b = bufferPool.getAndSet(i, null);
        if (b != null) {
          return b;
        }
      }
    }
    return new HeadAppender.Buffers();
  }

  void returnBuffers(HeadAppender.Buffers b) {
    // An idle slot costs only what its largest batch grew to; a giant one (a 1M-sample batch) goes.
    if (b.series.length > 1 << 20) {
      return;
    }
    int start = firstSlot();
    for (int k = 0; k < BUFFER_SLOTS; k++) {
      int i = (start + k) & (BUFFER_SLOTS - 1);
      if (bufferPool.getPlain(i) == null && bufferPool.compareAndSet(i, null, b)) {
        return;
      }
    }
  }

  /** A new appender; one per thread and batch. */
  public HeadAppender appender() {
    return new HeadAppender(this);
  }

  /**
   * A querier over samples in {@code [mint, maxt]}, clamped to the head's min time: samples below it are
   * being (or have been) compacted into a block, which answers for them.
   */
  public Querier querier(long mint, long maxt) {
    return new HeadQuerier(this, Math.max(mint, minTime()), maxt);
  }

  /**
   * A new series keeping the caller's {@code labels} instance (its strings swapped for the postings'
   * canonical ones), so a scrape cache holding the same instance costs no second copy.
   */
  MemSeries createSeries(Labels labels) {
    long ref = lastSeriesRef.incrementAndGet();
    postings.add(ref, labels);
    numSeries.incrementAndGet();
    metrics.seriesCreated.inc();
    return new MemSeries(ref, labels);
  }

  /** Index cardinality for the TSDB status page; values of {@code label} are counted per value. */
  public PostingsStats postingsStats(String label, int limit) {
    return postings.stats(label, limit);
  }

  /** The series with these labels, or {@code null}. */
  public MemSeries seriesByLabels(Labels labels) {
    return series.getByLabels(labels);
  }

  /** Visits every series (not in any order). */
  public void forEachSeries(Consumer<MemSeries> c) {
    series.forEach(c);
  }

  /**
   * Marks samples of matching series in {@code [mint, maxt]} deleted: logged to the WAL as tombstones, then
   * hidden from queries; removed from memory when compaction writes the range to a block.
   */
  public void delete(long mint, long maxt, Matcher... matchers) throws StorageException {
    long[] refs = postings.select(matchers);
    List<TombstoneRecord> stones = new ArrayList<>();
    for (long ref : refs) {
      MemSeries s = series.getByRef(ref);
      if (s == null) {
        continue;
      }
      synchronized (s) {
        long smin = s.minTime();
        long smax = s.maxTime();
        if (smax < mint || smin > maxt || smin == Long.MAX_VALUE) {
          continue;
        }
      }
      stones.add(new TombstoneRecord(ref, mint, maxt));
    }
    if (stones.isEmpty()) {
      return;
    }
    if (wal != null) {
      ByteEncoder b = new ByteEncoder();
      RecordEncoder.tombstones(stones, b);
      try {
        wal.log(b);
      } catch (IOException e) {
        throw new StorageException("delete series: write tombstones to WAL: " + e.getMessage(), e);
      }
    }
    for (TombstoneRecord t : stones) {
      MemSeries s = series.getByRef(t.ref());
      if (s != null) {
        synchronized (s) {
          s.deleted = (s.deleted == null ? Intervals.EMPTY : s.deleted).add(t.minT(), t.maxT());
        }
      }
    }
  }

  /**
   * Drops everything before {@code mint} from memory (chunks, then series left empty), deletes head chunk
   * files no longer needed, and checkpoints the older two thirds of the WAL, as Prometheus's
   * {@code Head.Truncate}.
   */
  public void truncate(long mint) throws IOException {
    metrics.truncations.inc();
    try {
      truncateMemory(mint);
      truncateWal(mint);
    } catch (IOException | RuntimeException e) {
      metrics.truncationsFailed.inc();
      throw e;
    }
  }

  void truncateMemory(long mint) throws IOException {
    if (minTime.get() >= mint && minTime.get() != Long.MAX_VALUE) {
      return;
    }
    setMinValidTime(mint);
    // The head now starts at mint, even if no sample sits exactly there (as Prometheus).
    long cur;
    while ((cur = minTime.get()) < mint || cur == Long.MAX_VALUE) {
      if (cur == Long.MAX_VALUE && maxTime.get() == Long.MIN_VALUE) {
        break;
      }
      if (minTime.compareAndSet(cur, mint)) {
        break;
      }
    }
    gc(mint);
    if (mapper != null) {
      mapper.truncate(mint);
    }
  }

  /** Removes chunks before {@code mint} and series left without chunks. */
  private void gc(long mint) {
    List<MemSeries> dead = new ArrayList<>();
    series.forEach(s -> {
      synchronized (s) {
        int dropped = s.truncateChunksBefore(mint);
        if (dropped > 0) {
          numChunks.addAndGet(-dropped);
          metrics.chunksRemoved.add(dropped);
        }
        if (s.chunkCount() == 0 && s.pendingCommits == 0) {
          dead.add(s);
        }
      }
    });
    for (MemSeries s : dead) {
      synchronized (s) {
        // Re-checked: an appender may have taken the series since the scan. Once marked, appenders that
        // still find it (a lock-free lookup, a cached ref) look it up again by labels instead.
        if (s.chunkCount() > 0 || s.pendingCommits > 0) {
          continue;
        }
        s.removed = true;
      }
      series.remove(s);
      postings.remove(s.ref, s.labels);
      numSeries.decrementAndGet();
      metrics.seriesRemoved.inc();
    }
  }

  private void truncateWal(long mint) throws IOException {
    if (wal == null) {
      return;
    }
    Path dir = wal.dir();
    List<Integer> segs = WalFiles.segments(dir);
    if (segs.isEmpty()) {
      return;
    }
    int first = segs.get(0);
    // Cut so the segment written so far can be checkpointed later; like Prometheus, never consider the
    // segment that was active until now either.
    int last = wal.nextSegment() - 2;
    if (last < 0) {
      return;
    }
    last = first + (last - first) * 2 / 3;
    if (last <= first) {
      return;
    }
    metrics.checkpointCreations.inc();
    try {
      Checkpoint.create(dir, first, last, ref -> series.getByRef(ref) != null, mint, wal.compress());
    } catch (IOException e) {
      metrics.checkpointCreationsFailed.inc();
      throw e;
    }
    wal.truncate(last + 1);
    Checkpoint.deleteOlder(dir, last);
  }

  public boolean isClosed() {
    return closed;
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "close head after failed open: " + e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException err = null;
    try {
      if (wal != null) {
        wal.close();
      }
    } catch (IOException e) {
      err = e;
    }
    try {
      if (mapper != null) {
        mapper.close();
      }
    } catch (IOException e) {
      err = err == null ? e : err;
    }
    if (err != null) {
      throw err;
    }
  }
}
