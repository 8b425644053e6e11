package io.promethium.tsdb;

import io.promethium.core.labels.Matcher;
import io.promethium.core.metrics.Counter;
import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.core.storage.Appender;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.Storage;
import io.promethium.core.storage.StorageException;
import io.promethium.tsdb.block.Block;
import io.promethium.tsdb.block.BlockFiles;
import io.promethium.tsdb.block.BlockMeta;
import io.promethium.tsdb.block.BlockWriter;
import io.promethium.tsdb.block.CorruptBlockException;
import io.promethium.tsdb.block.Ulid;
import io.promethium.tsdb.compact.BlockRanges;
import io.promethium.tsdb.compact.LeveledCompactor;
import io.promethium.tsdb.fileio.FileOps;
import io.promethium.tsdb.head.Head;
import io.promethium.tsdb.head.HeadOptions;
import io.promethium.tsdb.head.ReplayProgress;
import io.promethium.tsdb.retention.RetentionPolicy;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Prometheus-compatible time series database in one data directory: the {@link Head} (WAL,
 * {@code chunks_head/}) plus persisted blocks, with Prometheus 2.x's on-disk layout, so a directory written
 * by either opens in the other.
 *
 * <pre>{@code
 * try (Tsdb db = Tsdb.open(dir, TsdbOptions.defaults())) {
 *   Appender app = db.appender();
 *   app.append(0, Labels.of("__name__", "up", "job", "node"), System.currentTimeMillis(), 1);
 *   app.commit();
 *   try (Querier q = db.querier(0, Long.MAX_VALUE)) { ... }
 * }
 * }</pre>
 *
 * <p>A background thread (every {@link TsdbOptions#compactionInterval()}) persists the oldest chunk range
 * of the head as a block once the head spans 1.5 ranges, truncates the head and checkpoints the WAL, then
 * applies time and size retention (whole blocks). A corrupt block found at open is logged, counted and
 * skipped. Opening takes the {@code lock} file unless {@code noLockfile}.
 *
 * <p>Thread-safe. Closing stops the background thread and closes the head and blocks.
 */
public final class Tsdb implements Storage {
  private static final Logger LOG = Logger.getLogger(Tsdb.class.getName());

  private final Path dir;
  private final TsdbOptions opts;
  private final MetricsRegistry registry;
  private final FileOps ops;
  private final LockFile lock;
  private final ReentrantLock cmtx = new ReentrantLock();
  private volatile List<Block> blocks = List.of();
  private final List<String> corruptBlocks = new ArrayList<>();
  private Head head;
  private final LeveledCompactor compactor;
  private Thread background;
  private final Object sleeper = new Object();
  /** Guarded by {@link #sleeper}. */
  private boolean compactRequested;
  private volatile boolean closed;

  private final Counter reloads;
  private final Counter reloadsFailed;
  private final Counter compactions;
  private final Counter compactionsFailed;
  private final Counter compactionsTriggered;
  private final Counter sizeRetentions;
  private final Counter timeRetentions;
  private final Counter blockCorruptions;

  private Tsdb(Path dir, TsdbOptions opts, LockFile lock) {
    this.dir = dir;
    this.opts = opts;
    this.registry = opts.registry() != null ? opts.registry() : new MetricsRegistry();
    this.ops = opts.fileOps() != null ? opts.fileOps() : FileOps.local();
    this.lock = lock;
    MetricsRegistry r = registry;
    compactor = new LeveledCompactor(BlockRanges.forMaxDuration(opts.minBlockDuration().toMillis(),
        opts.effectiveMaxBlockDuration().toMillis()), ops, r);
    reloads = r.counter("prometheus_tsdb_reloads_total", "Number of times the database reloaded block data from disk.");
    reloadsFailed = r.counter("prometheus_tsdb_reloads_failures_total", "Number of times the database failed to reloadBlocks block data from disk.");
    compactions = r.counter("prometheus_tsdb_compactions_total", "Total number of compactions that were executed for the partition.");
    compactionsFailed = r.counter("prometheus_tsdb_compactions_failed_total", "Total number of compactions that failed for the partition.");
    compactionsTriggered = r.counter("prometheus_tsdb_compactions_triggered_total", "Total number of triggered compactions for the partition.");
    sizeRetentions = r.counter("prometheus_tsdb_size_retentions_total", "The number of times that blocks were deleted because the maximum number of bytes was exceeded.");
    timeRetentions = r.counter("prometheus_tsdb_time_retentions_total", "The number of times that blocks were deleted because the maximum time limit was exceeded.");
    blockCorruptions = r.counter("prometheus_tsdb_block_corruptions_total", "Number of blocks skipped at load because they could not be read.");
    r.gaugeFunction("prometheus_tsdb_blocks_loaded", "Number of currently loaded data blocks", () -> blocks.size());
    r.gaugeFunction("prometheus_tsdb_storage_blocks_bytes", "The number of bytes that are currently used for local storage by all blocks.", this::blocksBytes);
    r.gaugeFunction("prometheus_tsdb_retention_limit_bytes", "Max number of bytes to be retained in the tsdb blocks, configured 0 means disabled", () -> opts.retentionBytes());
    r.gaugeFunction("prometheus_tsdb_lowest_timestamp", "Lowest timestamp value stored in the database. The unit is decided by the library consumer.", () -> startTime());
    r.gaugeFunction("prometheus_tsdb_lowest_timestamp_seconds", "Lowest timestamp value stored in the database.", () -> startTime() / 1000.0);
  }

  /** Opens (creating if needed) the database in {@code dir}; returns once the WAL is replayed. */
  public static Tsdb open(Path dir, TsdbOptions opts) throws IOException {
    return open(dir, opts, p -> {});
  }

  /**
   * Opens the database, reporting WAL replay progress to {@code progress} (from the opening thread) for
   * {@code /api/v1/status/walreplay}.
   *
   * @throws IOException on I/O errors, or {@code "lock DB directory: resource temporarily unavailable"}
   *     when another process holds the directory
   */
  public static Tsdb open(Path dir, TsdbOptions opts, Consumer<ReplayProgress> progress) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException("create data directory " + dir + ": " + describe(e), e);
    }
    if (!Files.isWritable(dir)) {
      throw new IOException("data directory " + dir + " is not writable");
    }
    LockFile lock = opts.noLockfile() ? null : LockFile.acquire(dir);
    Tsdb db = new Tsdb(dir, opts, lock);
    try {
      db.removeTmpDirs();
      db.loadBlocks();
      long minValid = Long.MIN_VALUE;
      for (Block b : db.blocks) {
        minValid = Math.max(minValid, b.meta().maxTime());
      }
      HeadOptions ho = HeadOptions.defaults()
          .withChunkRange(opts.minBlockDuration().toMillis())
          .withWal(true, opts.walCompression(), opts.walSegmentSize());
      try {
        db.head = Head.open(dir, ho, db.registry, minValid, progress);
      } catch (java.nio.file.FileSystemException e) {
        throw new IOException("open head: " + e.getFile() + ": " + describe(e), e);
      }
      db.applyRetention();
    } catch (IOException | RuntimeException e) {
      db.closeQuietly();
      throw e;
    }
    if (!opts.compactionInterval().isZero()) {
      db.startBackground();
    }
    return db;
  }

  public Path dir() {
    return dir;
  }

  /** JDK file exceptions carry only the path as message; say what happened. */
  static String describe(IOException e) {
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "a file with that name exists and is not a directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return String.valueOf(e.getMessage());
  }

  public Head head() {
    return head;
  }

  /** Whether the database is open and its WAL replayed. */
  public boolean isReady() {
    return head != null && !closed;
  }

  public ReplayProgress replayProgress() {
    return head == null ? ReplayProgress.NOT_STARTED : head.replayProgress();
  }

  /** Names of blocks that could not be opened and were skipped. */
  public List<String> corruptBlocks() {
    synchronized (corruptBlocks) {
      return List.copyOf(corruptBlocks);
    }
  }

  /** Metadata of the loaded blocks, oldest first. */
  public List<BlockMeta> blocks() {
    List<BlockMeta> out = new ArrayList<>();
    for (Block b : blocks) {
      out.add(b.meta());
    }
    return out;
  }

  /**
   * A new appender (one per thread and batch). After a commit that leaves the head spanning more than
   * 1.5 chunk ranges, the background thread is woken to compact, as Prometheus's {@code dbAppender}.
   */
  @Override
  public Appender appender() {
    Appender a = head.appender();
    return new Appender() {
      @Override
      public long append(long ref, io.promethium.core.labels.Labels labels, long t, double v)
          throws io.promethium.core.storage.AppendException {
        return a.append(ref, labels, t, v);
      }

      @Override
      public void prefetch(long ref) {
        a.prefetch(ref);
      }

      @Override
      public void commit() throws StorageException {
        a.commit();
        if (background != null && headCompactable()) {
          synchronized (sleeper) {
            compactRequested = true;
            sleeper.notifyAll();
          }
        }
      }

      @Override
      public void rollback() {
        a.rollback();
      }
    };
  }

  private boolean headCompactable() {
    long min = head.minTime();
    return min != Long.MAX_VALUE && head.maxTime() - min > head.chunkRange() / 2 * 3;
  }

  @Override
  public Querier querier(long minT, long maxT) throws StorageException {
    List<Querier> qs = new ArrayList<>();
    try {
      for (Block b : blocks) {
        BlockMeta m = b.meta();
        if (m.maxTime() - 1 < minT || m.minTime() > maxT) {
          continue;
        }
        try {
          qs.add(b.querier(minT, maxT));
        } catch (IllegalStateException closing) {
          // removed by retention or compaction since the snapshot of the list: its data is elsewhere or gone
        }
      }
      if (head.maxTime() >= minT && head.minTime() <= maxT) {
        qs.add(head.querier(minT, maxT));
      }
    } catch (RuntimeException e) {
      for (Querier q : qs) {
        q.close();
      }
      throw new StorageException("open querier: " + e.getMessage(), e);
    }
    return new MergeQuerier(qs);
  }

  /** Sorted label names of series with samples in {@code [minT, maxT]} matching {@code matchers}. */
  public List<String> labelNames(long minT, long maxT, Matcher... matchers) throws StorageException {
    try (Querier q = querier(minT, maxT)) {
      return q.labelNames(matchers);
    }
  }

  /** Sorted values of label {@code name} over series with samples in {@code [minT, maxT]}. */
  public List<String> labelValues(String name, long minT, long maxT, Matcher... matchers) throws StorageException {
    try (Querier q = querier(minT, maxT)) {
      return q.labelValues(name, matchers);
    }
  }

  @Override
  public long startTime() {
    List<Block> bs = blocks;
    if (!bs.isEmpty()) {
      return bs.get(0).meta().minTime();
    }
    return head == null ? Long.MAX_VALUE : head.minTime();
  }

  /**
   * Head and index figures for the TSDB status page.
   *
   * @param statsByLabelName label whose values are counted per value; {@code null} or empty means
   *     {@code __name__} (Prometheus's default)
   */
  public TsdbStats stats(String statsByLabelName, int limit) {
    String label = statsByLabelName == null || statsByLabelName.isEmpty() ? "__name__" : statsByLabelName;
    return new TsdbStats(head.numSeries(), head.numChunks(), head.minTime(), head.maxTime(),
        head.postingsStats(label, limit));
  }

  /** Marks samples in {@code [minT, maxT]} of matching series deleted, in the head and in every block. */
  public void delete(long minT, long maxT, Matcher... matchers) throws StorageException {
    cmtx.lock();
    try {
      for (Block b : blocks) {
        if (b.meta().minTime() <= maxT && b.meta().maxTime() > minT) {
          try {
            b.delete(minT, maxT, matchers);
          } catch (IOException e) {
            throw new StorageException("delete series in block " + b.meta().ulid() + ": " + e.getMessage(), e);
          }
        }
      }
      head.delete(minT, maxT, matchers);
    } finally {
      cmtx.unlock();
    }
  }

  /** Rewrites every block that has tombstones without the deleted data. */
  public void cleanTombstones() throws IOException {
    cmtx.lock();
    try {
      for (Block b : blocks) {
        BlockMeta m = b.meta();
        if (b.tombstones().isEmpty()) {
          continue;
        }
        String ulid = Ulid.generate(System.currentTimeMillis());
        BlockMeta.Compaction c = new BlockMeta.Compaction(m.compaction().level(), m.compaction().sources(),
            List.of(new BlockMeta.BlockDesc(m.ulid(), m.minTime(), m.maxTime())), false, false);
        try (Querier q = b.querier(m.minTime(), m.maxTime() - 1)) {
          new BlockWriter(ops).write(dir, ulid, m.minTime(), m.maxTime(), c,
              new QuerierSeriesSource(q.select(true, null), m.minTime(), m.maxTime()));
        }
        deleteBlocks(Set.of(m.ulid()));
      }
      reloadBlocks();
    } finally {
      cmtx.unlock();
    }
  }

  /**
   * Writes a consistent copy of the database into {@code target}: blocks are hard-linked, and with
   * {@code withHead} the head's samples are written as one more block, as Prometheus's snapshot API.
   */
  public void snapshot(Path target, boolean withHead) throws IOException {
    cmtx.lock();
    try {
      Files.createDirectories(target);
      for (Block b : blocks) {
        Path src = b.dir();
        Path dst = target.resolve(src.getFileName());
        try (var walk = Files.walk(src)) {
          for (Path p : walk.toList()) {
            Path q = dst.resolve(src.relativize(p).toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(q);
            } else {
              try {
                Files.createLink(q, p);
              } catch (UnsupportedOperationException | IOException e) {
                Files.copy(p, q);
              }
            }
          }
        }
      }
      if (withHead && head.numSeries() > 0 && head.minTime() != Long.MAX_VALUE) {
        long mint = head.minTime();
        long maxt = head.maxTime() + 1;
        try (Querier q = head.querier(mint, maxt)) {
          new BlockWriter(ops).write(target, mint, maxt, new QuerierSeriesSource(q.select(true, null), mint, maxt));
        }
      }
    } finally {
      cmtx.unlock();
    }
  }

  /**
   * One compaction cycle, as Prometheus's {@code DB.Compact}: while the head spans more than 1.5 chunk
   * ranges, persist its oldest range as a block, reload blocks, truncate the head (and checkpoint the WAL);
   * then apply retention. A failed block write leaves the head untouched (nothing is lost) and is rethrown.
   */
  public void compact() throws IOException {
    cmtx.lock();
    try {
      long range = head.chunkRange();
      while (!closed && headCompactable()) {
        long mint = head.minTime();
        long maxt = (mint / range) * range + range;
        compactionsTriggered.inc();
        try (Querier q = head.querier(mint, maxt - 1)) {
          new BlockWriter(ops).write(dir, mint, maxt, new QuerierSeriesSource(q.select(true, null), mint, maxt));
          compactions.inc();
        } catch (IOException | RuntimeException e) {
          compactionsFailed.inc();
          throw new IOException("persist head block [" + mint + ", " + maxt + "): " + e.getMessage(), e);
        }
        reloadBlocks();
        head.setMinValidTime(maxt);
        head.truncate(maxt);
      }
      compactBlocks();
      applyRetention();
    } finally {
      cmtx.unlock();
    }
  }

  /** Merges blocks as the leveled compactor plans, deleting the parents once the result is loaded. */
  private void compactBlocks() throws IOException {
    while (!closed) {
      List<BlockMeta> plan = compactor.plan(blocks());
      if (plan.isEmpty()) {
        return;
      }
      Set<String> ulids = new java.util.HashSet<>();
      for (BlockMeta m : plan) {
        ulids.add(m.ulid());
      }
      List<Block> parts = new ArrayList<>();
      for (Block b : blocks) {
        if (ulids.contains(b.meta().ulid())) {
          parts.add(b);
        }
      }
      compactor.compact(parts, dir);
      reloadBlocks();
      deleteBlocks(ulids);
    }
  }

  private void startBackground() {
    long interval = opts.compactionInterval().toMillis();
    background = new Thread(() -> {
      while (!closed) {
        // Woken by close() without an interrupt: an interrupt would close whatever FileChannel the
        // thread is using at that moment, including the live WAL segment during a checkpoint.
        synchronized (sleeper) {
          try {
            // A wake-up that came while compacting is kept in the flag, not lost.
            if (!closed && !compactRequested) {
              sleeper.wait(interval);
            }
            compactRequested = false;
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        try {
          compact();
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.WARNING, "compaction failed: " + e.getMessage());
        }
      }
    }, "tsdb-compactor");
    background.setDaemon(true);
    background.start();
  }

  private void removeTmpDirs() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (Files.isDirectory(p) && (n.endsWith(BlockFiles.TMP_FOR_CREATION_SUFFIX)
            || n.endsWith(BlockFiles.TMP_FOR_DELETION_SUFFIX) || (n.endsWith(".tmp") && Ulid.isValid(n.substring(0, n.length() - 4))))) {
          ops.deleteRecursively(p);
        }
      }
    }
  }

  private void loadBlocks() throws IOException {
    List<Block> loaded = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (!Files.isDirectory(p) || !Ulid.isValid(n)) {
          continue;
        }
        try {
          loaded.add(Block.open(p, ops));
        } catch (IOException | CorruptBlockException | RuntimeException e) {
          blockCorruptions.inc();
          synchronized (corruptBlocks) {
            corruptBlocks.add(n);
          }
          LOG.warning("skipping block " + p + " that cannot be opened: " + e.getMessage());
        }
      }
    }
    // A compaction that crashed after writing its output leaves the parents behind: drop them.
    Set<String> parents = new java.util.HashSet<>();
    for (Block b : loaded) {
      for (BlockMeta.BlockDesc d : b.meta().compaction().parents()) {
        parents.add(d.ulid());
      }
    }
    List<Block> keep = new ArrayList<>();
    for (Block b : loaded) {
      if (parents.contains(b.meta().ulid()) || b.meta().compaction().deletable()) {
        b.close();
        deleteBlockDir(b.dir());
      } else {
        keep.add(b);
      }
    }
    keep.sort(Comparator.comparingLong((Block b) -> b.meta().minTime()));
    blocks = List.copyOf(keep);
  }

  /** Opens blocks that appeared on disk and drops those that disappeared, keeping open ones open. */
  private void reloadBlocks() throws IOException {
    reloads.inc();
    try {
      List<Block> cur = new ArrayList<>(blocks);
      Set<String> known = new java.util.HashSet<>();
      for (Block b : cur) {
        known.add(b.meta().ulid());
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          String n = p.getFileName().toString();
          if (Files.isDirectory(p) && Ulid.isValid(n) && !known.contains(n)) {
            try {
              cur.add(Block.open(p, ops));
            } catch (IOException | CorruptBlockException | RuntimeException e) {
              blockCorruptions.inc();
              LOG.warning("skipping block " + p + " that cannot be opened: " + e.getMessage());
            }
          }
        }
      }
      cur.removeIf(b -> !Files.isDirectory(b.dir()));
      cur.sort(Comparator.comparingLong((Block b) -> b.meta().minTime()));
      blocks = List.copyOf(cur);
    } catch (IOException | RuntimeException e) {
      reloadsFailed.inc();
      throw e;
    }
  }

  private void applyRetention() throws IOException {
    List<RetentionPolicy.BlockInfo> infos = new ArrayList<>();
    for (Block b : blocks) {
      infos.add(new RetentionPolicy.BlockInfo(b.meta().ulid(), b.meta().minTime(), b.meta().maxTime(), b.size()));
    }
    Set<String> byTime = RetentionPolicy.beyondTime(infos, opts.retention().toMillis());
    long headBytes = head.walSize() + head.chunksSize();
    Set<String> bySize = RetentionPolicy.beyondSize(infos, headBytes, opts.retentionBytes());
    if (!byTime.isEmpty()) {
      timeRetentions.inc();
    }
    if (!bySize.isEmpty()) {
      sizeRetentions.inc();
    }
    Set<String> all = new java.util.HashSet<>(byTime);
    all.addAll(bySize);
    if (!all.isEmpty()) {
      deleteBlocks(all);
    }
  }

  private void deleteBlocks(Set<String> ulids) throws IOException {
    List<Block> keep = new ArrayList<>();
    List<Block> gone = new ArrayList<>();
    for (Block b : blocks) {
      (ulids.contains(b.meta().ulid()) ? gone : keep).add(b);
    }
    blocks = List.copyOf(keep);
    for (Block b : gone) {
      b.close();
      deleteBlockDir(b.dir());
    }
  }

  /** Renames first so a crash never leaves a half-deleted block that looks valid, as Prometheus. */
  private void deleteBlockDir(Path p) throws IOException {
    Path tmp = p.resolveSibling(p.getFileName() + BlockFiles.TMP_FOR_DELETION_SUFFIX);
    ops.rename(p, tmp);
    ops.deleteRecursively(tmp);
  }

  private double blocksBytes() {
    long total = 0;
    for (Block b : blocks) {
      total += b.size();
    }
    return total;
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "close after failed open: " + e.getMessage());
    }
  }

  /** Stops background work, closes the head (WAL fsynced) and blocks, releases the lock. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (background != null) {
      synchronized (sleeper) {
        sleeper.notifyAll();
      }
      try {
        background.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    cmtx.lock();
    try {
      IOException err = null;
      try {
        if (head != null) {
          head.close();
        }
      } catch (IOException e) {
        err = e;
      }
      for (Block b : blocks) {
        b.close();
      }
      blocks = List.of();
      if (lock != null) {
        try {
          lock.close();
        } catch (IOException e) {
          err = err == null ? e : err;
        }
      }
      if (err != null) {
        throw err;
      }
    } finally {
      cmtx.unlock();
    }
  }
}
