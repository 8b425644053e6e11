package io.promethium.tsdb.head;

import io.promethium.tsdb.headchunks.ChunkDiskMapper;
import io.promethium.tsdb.record.RecordDecodeException;
import io.promethium.tsdb.record.RecordDecoder;
import io.promethium.tsdb.record.RecordType;
import io.promethium.tsdb.record.SampleBatch;
import io.promethium.tsdb.record.SeriesRecord;
import io.promethium.tsdb.record.TombstoneRecord;
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
 * it. Series records create series (and attach their mmapped chunks); sample records are decoded on this
 * thread and applied by worker threads that each own the series whose {@code ref % workers} is theirs,
 * so a series' samples stay in order. Samples already inside an mmapped chunk are skipped.
 *
 * <p>A corrupt WAL stops the replay at the bad record; the log is then repaired (truncated there) and the
 * head opens with everything before it. A corrupt head chunk file is truncated and the WAL fills the gap.
 * Used once per open, by one thread.
 */
final class WalReplay {
  private static final Logger LOG = Logger.getLogger(WalReplay.class.getName());
  private static final int BATCH = 4096;

  private final Head head;
  private final Map<Long, List<long[]>> mmapped = new HashMap<>();
  /** WAL refs of series whose labels were seen before under another ref (Prometheus's multiRef). */
  private final Map<Long, Long> aliases = new HashMap<>();
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

  private void createSeries(SeriesRecord r) {
    MemSeries fresh = new MemSeries(r.ref(), r.labels());
    MemSeries s = head.series.putIfAbsent(fresh);
    if (s != fresh) {
      if (s.ref != r.ref()) {
        aliases.put(r.ref(), s.ref);
      }
      return;
    }
    // The decoder's interner already made these strings the ones the postings index will keep.
    head.postings.add(s.ref, s.labels);
    head.numSeries.incrementAndGet();
    head.metrics.seriesCreated.inc();
    head.lastSeriesRef.accumulateAndGet(r.ref(), Math::max);
    List<long[]> chunks = mmapped.remove(r.ref());
    if (chunks != null) {
      chunks.sort((a, b) -> Long.compare(a[1], b[1]));
      for (long[] c : chunks) {
        s.addMmapped(c[0], c[1], c[2]);
        replayMin = Math.min(replayMin, c[1]);
        replayMax = Math.max(replayMax, c[2]);
      }
      head.numChunks.addAndGet(chunks.size());
    }
  }

  private void replay(WalReader r) throws IOException {
    int workers = Math.max(1, head.opts.replayThreads());
    Worker[] ws = new Worker[workers];
    for (int i = 0; i < workers; i++) {
      ws[i] = new Worker(i);
      ws[i].start();
    }
    SampleBatch[] pending = new SampleBatch[workers];
    RecordDecoder dec = new RecordDecoder(new Interner());
    List<SeriesRecord> series = new ArrayList<>();
    List<TombstoneRecord> stones = new ArrayList<>();
    SampleBatch decoded = new SampleBatch(BATCH);
    IOException failure = null;
    try {
      int lastSeg = -1;
      while (r.next()) {
        if (r.segment() != lastSeg) {
          lastSeg = r.segment();
          ReplayProgress p = head.replayProgress();
          head.setProgress(new ReplayProgress(p.min(), p.max(), lastSeg, false));
        }
        byte[] rec = r.record();
        int len = r.length();
        try {
          switch (RecordType.of(rec, len)) {
            case RecordType.SERIES -> {
              series.clear();
              dec.series(rec, len, series);
              for (SeriesRecord s : series) {
                createSeries(s);
              }
            }
            case RecordType.SAMPLES -> {
              decoded.clear();
              dec.samples(rec, len, decoded);
              for (int i = 0; i < decoded.size(); i++) {
                long ref = decoded.ref(i);
                Long alias = aliases.isEmpty() ? null : aliases.get(ref);
                if (alias != null) {
                  ref = alias;
                }
                int w = (int) Long.remainderUnsigned(ref, workers);
                if (pending[w] == null) {
                  pending[w] = ws[w].freeBatch();
                }
                pending[w].add(ref, decoded.timestamp(i), decoded.value(i));
                if (pending[w].size() >= BATCH) {
                  ws[w].submit(pending[w]);
                  pending[w] = null;
                }
              }
            }
            case RecordType.TOMBSTONES -> {
              stones.clear();
              dec.tombstones(rec, len, stones);
              for (TombstoneRecord t : stones) {
                long ref = aliases.getOrDefault(t.ref(), t.ref());
                MemSeries s = head.series.getByRef(ref);
                if (s == null) {
                  unknownRefs++;
                  continue;
                }
                synchronized (s) {
                  s.deleted = (s.deleted == null ? Intervals.EMPTY : s.deleted).add(t.minT(), t.maxT());
                }
              }
            }
            default -> {
              // exemplars, metadata, mmap markers, histograms: not kept
            }
          }
        } catch (RecordDecodeException e) {
          throw new WalCorruptionException(r.dir(), r.segment(), r.offset(), "decode record: " + e.getMessage());
        }
      }
    } catch (IOException e) {
      failure = e;
    } finally {
      for (int i = 0; i < workers; i++) {
        if (pending[i] != null && pending[i].size() > 0) {
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

  /** Shares one String instance per distinct label name or value seen during replay. */
  private static final class Interner implements java.util.function.UnaryOperator<String> {
    private final HashMap<String, String> seen = new HashMap<>();

    @Override
    public String apply(String s) {
      String old = seen.putIfAbsent(s, s);
      return old != null ? old : s;
    }
  }

  /** Applies the samples of the series it owns, in the order they were read. */
  private final class Worker extends Thread {
    private final BlockingQueue<SampleBatch> queue = new ArrayBlockingQueue<>(16);
    private final BlockingQueue<SampleBatch> free = new ArrayBlockingQueue<>(32);
    private final SampleBatch poison = new SampleBatch(1);
    long unknown;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long chunksCut;
    IOException error;
    private final SeriesRefMap local = new SeriesRefMap();

    Worker(int i) {
      super("wal-replay-" + i);
      setDaemon(true);
    }

    SampleBatch freeBatch() {
      SampleBatch b = free.poll();
      if (b == null) {
        b = new SampleBatch(BATCH);
      }
      b.clear();
      return b;
    }

    void submit(SampleBatch b) {
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

    @Override
    public void run() {
      long chunkRange = head.opts.chunkRange();
      long minValid = head.minValidTime();
      int[] cut = new int[1];
      try {
        while (true) {
          SampleBatch b = queue.take();
          if (b == poison) {
            break;
          }
          if (error != null) {
            continue;
          }
          MemSeries s = null;
          for (int i = 0; i < b.size(); i++) {
            long ref = b.ref(i);
            if (s == null || s.ref != ref) {
              // A worker-local map first: the shared stripes cost a lock per sample (measured ~2x).
              s = local.get(ref);
              if (s == null) {
                s = head.series.getByRef(ref);
                if (s != null) {
                  local.put(ref, s);
                }
              }
            }
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
            if (s.mmapCount > 0 && t <= s.mmapMaxT[s.mmapCount - 1]) {
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
          free.offer(b);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      chunksCut = cut[0];
    }
  }
}
