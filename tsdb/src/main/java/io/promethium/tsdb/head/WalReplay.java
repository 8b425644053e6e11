package io.promethium.tsdb.head;

import io.promethium.core.labels.Labels;
import io.promethium.tsdb.headchunks.ChunkDiskMapper;
import io.promethium.tsdb.record.RecordDecodeException;
import io.promethium.tsdb.record.RecordDecoder;
import io.promethium.tsdb.record.RecordType;
import io.promethium.tsdb.record.SampleBatch;
import io.promethium.tsdb.record.SeriesRecord;
import io.promethium.tsdb.record.TombstoneRecord;
import io.promethium.tsdb.record.Utf8Interner;
import io.promethium.tsdb.tombstone.Intervals;
import io.promethium.tsdb.wal.Checkpoint;
import io.promethium.tsdb.wal.Wal;
import io.promethium.tsdb.wal.WalCorruptionException;
import io.promethium.tsdb.wal.WalFiles;
import io.promethium.tsdb.wal.WalReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.logging.Logger;

/**
 * Rebuilds the head at open, as Prometheus's {@code head_wal.go}: first the full chunks in
 * {@code chunks_head/} (kept aside by series ref), then the newest checkpoint and the WAL segments after
 * it. Three stages: a reader thread reads, decompresses and decodes records; this thread resolves
 * series records (a known label set under a new ref becomes an alias, as Prometheus's multiRef), indexes
 * new series in the postings and routes series, samples and tombstones by {@code ref % workers}; each
 * worker thread creates the series it owns and applies their samples and tombstones in log order. A
 * series' records thus stay in order on one thread. Samples already inside an mmapped chunk are skipped.
 *
 * <p>Measured (benchmarks/harness/wal-replay, 1M series × 8 samples, 2 cores): with decoding, series
 * creation and sample lookup all on one thread this thread was the bottleneck (two thirds of it in the
 * head's series maps); split this way the replay thread does a fifth of the work and the workers share
 * the rest.
 *
 * <p>A corrupt WAL stops the replay at the bad record; the log is then repaired (truncated there) and the
 * head opens with everything before it. A corrupt head chunk file is truncated and the WAL fills the gap.
 * Used once per open, by one thread.
 */
final class WalReplay {
  private static final Logger LOG = Logger.getLogger(WalReplay.class.getName());
  private static final int BATCH = 4096;
  /** Samples a worker looks up ahead of appending them (see {@code Worker.resolve}). */
  private static final int RESOLVE = 256;

  private final Head head;
  private final Map<Long, List<long[]>> mmapped = new HashMap<>();
  /** WAL refs of series whose labels were seen before under another ref (Prometheus's multiRef). */
  private final Map<Long, Long> aliases = new HashMap<>();
  /** Labels of every series seen, checkpoint and segments alike (replay thread). */
  private final LabelsToRef known = new LabelsToRef();
  private long unknownRefs;
  private long replayMin = Long.MAX_VALUE;
  private long replayMax = Long.MIN_VALUE;

  WalReplay(Head head) {
    this.head = head;
  }

  void run() throws IOException {
    loadMmappedChunks();
    Path walDir = head.dataDir.resolve(Head.WAL_DIR);
    if (!Files.isDirectory(walDir)) {
      attachRemaining();
      head.setProgress(new ReplayProgress(0, 0, 0, true));
      return;
    }
    Checkpoint.Ref cp = WalFiles.lastCheckpoint(walDir);
    int startFrom = 0;
    List<Integer> segs = WalFiles.segments(walDir);
    int first = segs.isEmpty() ? 0 : segs.get(0);
    int last = segs.isEmpty() ? 0 : segs.get(segs.size() - 1);
    if (cp != null) {
      startFrom = cp.index() + 1;
      head.setProgress(new ReplayProgress(Math.max(first, startFrom), last, -1, false));
      try (WalReader r = WalReader.open(cp.dir(), 0, -1)) {
        replay(r);
      } catch (WalCorruptionException e) {
        // Prometheus refuses to start here; we keep what was read and go on with the segments.
        head.metrics.walCorruptions.inc();
        LOG.warning("checkpoint " + cp.dir() + " is corrupt, replayed up to the damage: " + e.getMessage());
      }
    } else {
      head.setProgress(new ReplayProgress(first, last, -1, false));
    }
    try (WalReader r = WalReader.open(walDir, startFrom, -1)) {
      replay(r);
    } catch (WalCorruptionException e) {
      head.metrics.walCorruptions.inc();
      LOG.warning("WAL corruption, repairing by truncating at the bad record: " + e.getMessage());
      Wal.repair(e);
    }
    attachRemaining();
    if (unknownRefs > 0) {
      LOG.warning("WAL replay: " + unknownRefs + " samples or tombstones for unknown series references were skipped");
    }
    head.setProgress(new ReplayProgress(Math.max(first, startFrom), last, last, true));
  }

  private void loadMmappedChunks() throws IOException {
    Path dir = head.dataDir.resolve(Head.CHUNKS_DIR);
    long minValid = head.minValidTime();
    ChunkDiskMapper.Opened o = ChunkDiskMapper.open(dir, head.opts.chunkFileMaxSize(),
        (seriesRef, chunkRef, minT, maxT, numSamples, enc) -> {
          if (maxT < minValid) {
            return;
          }
          mmapped.computeIfAbsent(seriesRef, k -> new ArrayList<>()).add(new long[] {chunkRef, minT, maxT});
        });
    head.mapper = o.mapper();
    if (o.corruption() != null) {
      head.metrics.mmapCorruptions.inc();
      LOG.warning("head chunks corrupt, truncated and rebuilding from the WAL: " + o.corruption().getMessage());
    }
  }

  /** Head chunks of series that have no series record (e.g. WAL lost): dropped, as Prometheus does. */
  private void attachRemaining() {
    mmapped.clear();
  }

  /**
   * A series record, on the replay thread: a ref whose labels are already known under another ref becomes
   * an alias; otherwise the series is indexed in the postings here (in ref order, which keeps the postings
   * lists' appends at their ends) and handed to the worker that owns its ref, which creates it in the
   * head's series maps (a third of a replay's sequential time when done here) before its samples.
   */
  private void routeSeries(SeriesRecord r, Job[] pending, Worker[] ws) {
    long known = this.known.putIfAbsent(r.labels(), r.ref());
    if (known != 0) {
      if (known != r.ref()) {
        aliases.put(r.ref(), known);
      }
      return;
    }
    // The decoder's interner already made these strings the ones the postings index will keep.
    head.postings.add(r.ref(), r.labels());
    head.numSeries.incrementAndGet();
    head.metrics.seriesCreated.inc();
    head.lastSeriesRef.accumulateAndGet(r.ref(), Math::max);
    // No boxing of the ref per series when no head chunks are on disk (a head younger than a chunk).
    List<long[]> chunks = mmapped.isEmpty() ? null : mmapped.remove(r.ref());
    if (chunks != null) {
      chunks.sort((a, b) -> Long.compare(a[1], b[1]));
      for (long[] c : chunks) {
        replayMin = Math.min(replayMin, c[1]);
        replayMax = Math.max(replayMax, c[2]);
      }
      head.numChunks.addAndGet(chunks.size());
    }
    int w = (int) Long.remainderUnsigned(r.ref(), ws.length);
    Job j = pending[w];
    if (j != null && (j.samples.size() > 0 || !j.stones.isEmpty())) {
      ws[w].submit(j); // creations go first in a job: keep them after the samples read before them
      j = null;
    }
    if (j == null) {
      j = pending[w] = ws[w].freeJob();
    }
    j.creates.add(r);
    j.chunks.add(chunks);
    if (j.creates.size() >= BATCH) {
      ws[w].submit(j); // a large series record: let the worker start on it
      pending[w] = null;
    }
  }

  private void replay(WalReader r) throws IOException {
    int workers = Math.max(1, head.opts.replayThreads());
    Worker[] ws = new Worker[workers];
    for (int i = 0; i < workers; i++) {
      ws[i] = new Worker(i);
      ws[i].start();
    }
    Job[] pending = new Job[workers];
    Reader reader = new Reader(r);
    reader.start();
    IOException failure = null;
    try {
      int lastSeg = -1;
      while (true) {
        Decoded rec = reader.take();
        if (rec.failure != null) {
          throw rec.failure;
        }
        if (rec.end) {
          break;
        }
        if (rec.segment != lastSeg) {
          lastSeg = rec.segment;
          ReplayProgress p = head.replayProgress();
          head.setProgress(new ReplayProgress(p.min(), p.max(), lastSeg, false));
        }
        switch (rec.type) {
          case RecordType.SERIES -> {
            for (SeriesRecord s : rec.series) {
              routeSeries(s, pending, ws);
            }
          }
          case RecordType.SAMPLES -> {
            SampleBatch decoded = rec.samples;
            for (int i = 0; i < decoded.size(); i++) {
              long ref = decoded.ref(i);
              Long alias = aliases.isEmpty() ? null : aliases.get(ref);
              if (alias != null) {
                ref = alias;
              }
              int w = (int) Long.remainderUnsigned(ref, workers);
              Job j = pending[w];
              if (j != null && !j.stones.isEmpty()) {
                ws[w].submit(j); // tombstones go last in a job: keep them after the samples before them
                j = null;
              }
              if (j == null) {
                j = pending[w] = ws[w].freeJob();
              }
              j.samples.add(ref, decoded.timestamp(i), decoded.value(i));
              if (j.samples.size() >= BATCH) {
                ws[w].submit(j);
                pending[w] = null;
              }
            }
          }
          case RecordType.TOMBSTONES -> {
            // To the series' owner: it may not have created the series yet.
            for (TombstoneRecord t : rec.stones) {
              long ref = aliases.getOrDefault(t.ref(), t.ref());
              int w = (int) Long.remainderUnsigned(ref, workers);
              if (pending[w] == null) {
                pending[w] = ws[w].freeJob();
              }
              pending[w].stones.add(new TombstoneRecord(ref, t.minT(), t.maxT()));
            }
          }
          default -> {
            // the reader passes on only the three kinds above
          }
        }
        reader.recycle(rec);
      }
    } catch (IOException e) {
      failure = e;
    } finally {
      // The reader owns the WalReader until it has stopped: the caller closes it after we return.
      reader.cancel();
      for (int i = 0; i < workers; i++) {
        if (pending[i] != null) {
          ws[i].submit(pending[i]);
        }
        ws[i].finish();
      }
      for (Worker w : ws) {
        w.await();
        unknownRefs += w.unknown;
        replayMin = Math.min(replayMin, w.min);
        replayMax = Math.max(replayMax, w.max);
        if (w.chunksCut > 0) {
          head.numChunks.addAndGet(w.chunksCut);
          head.metrics.chunksCreated.add(w.chunksCut);
        }
        if (failure == null && w.error != null) {
          failure = w.error;
        }
      }
      if (replayMin != Long.MAX_VALUE) {
        head.updateMinMaxTime(Math.max(replayMin, head.minValidTime()), replayMax);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * One record as the {@link Reader} decoded it, or the end of the log ({@link #end}), or the failure that
   * ended it. Reused: the replay thread hands it back to the reader.
   */
  private static final class Decoded {
    int segment;
    byte type;
    final List<SeriesRecord> series = new ArrayList<>();
    final List<TombstoneRecord> stones = new ArrayList<>();
    final SampleBatch samples = new SampleBatch(BATCH);
    boolean end;
    IOException failure;
  }

  /**
   * Reads, decompresses and decodes the log on its own thread, ahead of the replay thread (which routes
   * the records to the workers): decoding was a third of the sequential part of a replay.
   * Records reach the replay thread in log order through one queue; a read or decode failure arrives in
   * order too, after every record before it, so a corrupt log is still replayed up to the damage.
   */
  private static final class Reader extends Thread {
    private static final int DEPTH = 64;
    private final WalReader r;
    private final BlockingQueue<Decoded> queue = new ArrayBlockingQueue<>(DEPTH);
    private final BlockingQueue<Decoded> free = new ArrayBlockingQueue<>(DEPTH + 2);
    private volatile boolean cancelled;

    Reader(WalReader r) {
      super("wal-replay-reader");
      setDaemon(true);
      this.r = r;
    }

    Decoded take() throws IOException {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted during WAL replay");
      }
    }

    void recycle(Decoded d) {
      free.offer(d);
    }

    /** Stops the reader (if still running) and waits for it, so the WalReader may be closed. */
    void cancel() {
      cancelled = true;
      queue.clear();
      try {
        join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void run() {
      RecordDecoder dec = new RecordDecoder(new Utf8Interner());
      try {
        while (r.next()) {
          byte[] rec = r.record();
          int len = r.length();
          byte type = RecordType.of(rec, len);
          if (type != RecordType.SERIES && type != RecordType.SAMPLES && type != RecordType.TOMBSTONES) {
            continue; // exemplars, metadata, mmap markers, histograms: not kept
          }
          Decoded d = free.poll();
          if (d == null) {
            d = new Decoded();
          }
          d.segment = r.segment();
          d.type = type;
          try {
            switch (type) {
              case RecordType.SERIES -> {
                d.series.clear();
                dec.series(rec, len, d.series);
              }
              case RecordType.SAMPLES -> {
                d.samples.clear();
                dec.samples(rec, len, d.samples);
              }
              default -> {
                d.stones.clear();
                dec.tombstones(rec, len, d.stones);
              }
            }
          } catch (RecordDecodeException e) {
            throw new WalCorruptionException(r.dir(), r.segment(), r.offset(), "decode record: " + e.getMessage());
          }
          if (!put(d)) {
            return;
          }
        }
        Decoded end = new Decoded();
        end.end = true;
        put(end);
      } catch (IOException e) {
        Decoded f = new Decoded();
        f.failure = e;
        put(f);
      } catch (RuntimeException e) {
        Decoded f = new Decoded();
        f.failure = new IOException("WAL replay: reading " + r.dir() + " failed: " + e, e);
        put(f);
      }
    }

    private boolean put(Decoded d) {
      try {
        while (!queue.offer(d, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          if (cancelled) {
            return false;
          }
        }
        return !cancelled;
      } catch (InterruptedException e) {
        return false;
      }
    }
  }


  /**
   * Work for one worker, applied in this order: series to create, samples, tombstones. Reused through the
   * worker's free list.
   */
  private static final class Job {
    final List<SeriesRecord> creates = new ArrayList<>();
    /** Per entry of {@link #creates}: its head chunks on disk (sorted by time), or null. */
    final List<List<long[]>> chunks = new ArrayList<>();
    final SampleBatch samples = new SampleBatch(BATCH);
    final List<TombstoneRecord> stones = new ArrayList<>();

    void clear() {
      creates.clear();
      chunks.clear();
      samples.clear();
      stones.clear();
    }
  }


  /** Creates the series it owns and applies their samples and tombstones, in the order they were read. */
  private final class Worker extends Thread {
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(16);
    private final BlockingQueue<Job> free = new ArrayBlockingQueue<>(32);
    private final Job poison = new Job();
    long unknown;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long chunksCut;
    IOException error;
    private final SeriesByRef local = new SeriesByRef();
    private final MemSeries[] resolved = new MemSeries[RESOLVE];
    /** Sum of what {@link #resolve} read, kept so the JIT cannot drop those reads. */
    long touch;

    Worker(int i) {
      super("wal-replay-" + i);
      setDaemon(true);
    }

    Job freeJob() {
      Job j = free.poll();
      return j != null ? j : new Job();
    }

    void submit(Job b) {
      try {
        queue.put(b);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during WAL replay", e);
      }
    }

    void finish() {
      submit(poison);
    }

    void await() {
      try {
        join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /**
     * Looks up the series of samples [from, to) of {@code b} into {@link #resolved}, and reads each one's
     * head chunk header. A separate pass because its iterations do not depend on each other: the CPU
     * overlaps their cache misses (a series, its chunk, the chunk's bytes: random in memory, one sample
     * each in a large scrape) instead of taking them one after another inside the appends.
     */
    private void resolve(SampleBatch b, int from, int to) {
      MemSeries s = null;
      int touched = 0;
      for (int i = from; i < to; i++) {
        long ref = b.ref(i);
        if (s == null || s.ref != ref) {
          s = lookup(ref);
          if (s != null) {
            touched += s.openChunkSamples();
          }
        }
        resolved[i - from] = s;
      }
      touch += touched;
    }

    /** Creates a series this worker owns (the replay thread checked its labels are new). */
    private void create(SeriesRecord r, List<long[]> chunks) {
      MemSeries fresh = new MemSeries(r.ref(), r.labels());
      MemSeries s = head.series.putIfAbsent(fresh);
      if (chunks != null && s == fresh) {
        for (long[] c : chunks) {
          s.addMmapped(c[0], c[1], c[2]);
        }
      }
      local.put(s.ref, s);
    }

    private MemSeries lookup(long ref) {
      // A worker-local map first: the shared stripes cost a lock per sample (measured ~2x).
      MemSeries s = local.get(ref);
      if (s == null) {
        s = head.series.getByRef(ref);
        if (s != null) {
          local.put(ref, s);
        }
      }
      return s;
    }

    @Override
    public void run() {
      long chunkRange = head.opts.chunkRange();
      long minValid = head.minValidTime();
      int[] cut = new int[1];
      try {
        while (true) {
          Job job = queue.take();
          if (job == poison) {
            break;
          }
          if (error != null) {
            continue;
          }
          for (int i = 0; i < job.creates.size(); i++) {
            create(job.creates.get(i), job.chunks.get(i));
          }
          SampleBatch b = job.samples;
          int n = b.size();
          for (int from = 0; from < n && error == null; from += RESOLVE) {
            int to = Math.min(n, from + RESOLVE);
            resolve(b, from, to);
            for (int i = from; i < to; i++) {
              MemSeries s = resolved[i - from];
              if (s == null) {
                unknown++;
                continue;
              }
              long t = b.timestamp(i);
              if (t < minValid) {
                continue;
              }
              // No series lock: during replay only this worker touches the chunks of the series it owns
              // (the series and its mmapped chunks were published to it through the queue).
              if (s.mmapCount > 0 && t <= s.lastMmappedMaxT()) {
                continue; // already in a head chunk on disk
              }
              try {
                if (s.append(t, b.value(i), chunkRange, head.mapper, cut)) {
                  min = Math.min(min, t);
                  max = Math.max(max, t);
                }
              } catch (IOException e) {
                error = e;
                break;
              }
            }
          }
          for (TombstoneRecord t : job.stones) {
            MemSeries s = lookup(t.ref());
            if (s == null) {
              unknown++;
              continue;
            }
            synchronized (s) {
              s.deleted = (s.deleted == null ? Intervals.EMPTY : s.deleted).add(t.minT(), t.maxT());
            }
          }
          job.clear();
          free.offer(job);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      chunksCut = cut[0];
    }
  }
}
