package io.promethium.tsdb.wal;

import io.promethium.core.metrics.MetricsRegistry;
import io.promethium.tsdb.fileio.ByteEncoder;
import io.promethium.tsdb.record.RecordDecoder;
import io.promethium.tsdb.record.RecordEncoder;
import io.promethium.tsdb.record.RecordType;
import io.promethium.tsdb.record.SampleBatch;
import io.promethium.tsdb.record.SeriesRecord;
import io.promethium.tsdb.record.TombstoneRecord;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

/**
 * WAL checkpoints, as Prometheus's {@code wlog/checkpoint.go}: the records of the previous checkpoint and of
 * segments up to N, filtered to what the head still needs (series it still holds, samples at or after its
 * new minimum time, tombstones of kept series), written as WAL segments into {@code checkpoint.N}. The
 * directory appears atomically (written as {@code checkpoint.N.tmp}, fsynced, renamed). Exemplar, metadata
 * and histogram records are not carried over (Promethium does not keep them). Stateless.
 */
public final class Checkpoint {
  /** A checkpoint directory and the last segment index it covers. */
  public record Ref(Path dir, int index) {}

  /** What a checkpoint kept and dropped. */
  public record Stats(int seriesKept, int seriesDropped, int samplesKept, int samplesDropped, int tombstonesKept) {}

  private Checkpoint() {}

  /**
   * Writes {@code checkpoint.<to>} from the last checkpoint (if older than {@code to}) and segments
   * {@code from..to} of {@code walDir}, then deletes older checkpoints.
   *
   * @param keepSeries whether the head still holds a series ref
   * @param minT samples older than this are dropped
   */
  public static Stats create(Path walDir, int from, int to, LongPredicate keepSeries, long minT, boolean compress)
      throws IOException {
    Ref last = WalFiles.lastCheckpoint(walDir);
    List<WalReader> readers = new ArrayList<>();
    if (last != null && last.index() < to) {
      readers.add(WalReader.open(last.dir(), 0, -1));
      from = Math.max(from, last.index() + 1);
    }
    readers.add(WalReader.open(walDir, from, to));
    Path tmp = walDir.resolve(WalFiles.checkpointName(to) + WalFiles.TMP_SUFFIX);
    deleteTree(tmp);
    int seriesKept = 0;
    int seriesDropped = 0;
    int samplesKept = 0;
    int samplesDropped = 0;
    int stonesKept = 0;
    RecordDecoder dec = new RecordDecoder();
    List<SeriesRecord> series = new ArrayList<>();
    List<TombstoneRecord> stones = new ArrayList<>();
    SampleBatch samples = new SampleBatch(256);
    SampleBatch kept = new SampleBatch(256);
    ByteEncoder out = new ByteEncoder(4096);
    try (Wal w = Wal.open(tmp, Wal.DEFAULT_SEGMENT_SIZE, compress, new MetricsRegistry())) {
      for (WalReader r : readers) {
        try (r) {
          while (r.next()) {
            byte[] rec = r.record();
            int len = r.length();
            switch (RecordType.of(rec, len)) {
              case RecordType.SERIES -> {
                series.clear();
                dec.series(rec, len, series);
                List<SeriesRecord> keep = new ArrayList<>(series.size());
                for (SeriesRecord s : series) {
                  if (keepSeries.test(s.ref())) {
                    keep.add(s);
                  }
                }
                seriesKept += keep.size();
                seriesDropped += series.size() - keep.size();
                if (!keep.isEmpty()) {
                  RecordEncoder.series(keep, out);
                  w.log(out);
                }
              }
              case RecordType.SAMPLES -> {
                samples.clear();
                kept.clear();
                dec.samples(rec, len, samples);
                for (int i = 0; i < samples.size(); i++) {
                  if (samples.timestamp(i) >= minT) {
                    kept.add(samples.ref(i), samples.timestamp(i), samples.value(i));
                  }
                }
                samplesKept += kept.size();
                samplesDropped += samples.size() - kept.size();
                if (kept.size() > 0) {
                  RecordEncoder.samples(kept, 0, kept.size(), out);
                  w.log(out);
                }
              }
              case RecordType.TOMBSTONES -> {
                stones.clear();
                dec.tombstones(rec, len, stones);
                List<TombstoneRecord> keep = new ArrayList<>();
                for (TombstoneRecord t : stones) {
                  if (t.maxT() >= minT && keepSeries.test(t.ref())) {
                    keep.add(new TombstoneRecord(t.ref(), Math.max(t.minT(), minT), t.maxT()));
                  }
                }
                stonesKept += keep.size();
                if (!keep.isEmpty()) {
                  RecordEncoder.tombstones(keep, out);
                  w.log(out);
                }
              }
              default -> {
                // exemplars, metadata, histograms: not kept by Promethium
              }
            }
          }
        }
      }
    } catch (IOException e) {
      deleteTree(tmp);
      throw new IOException("create checkpoint " + to + ": " + e.getMessage(), e);
    }
    Path dst = walDir.resolve(WalFiles.checkpointName(to));
    deleteTree(dst);
    Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
    deleteOlder(walDir, to);
    return new Stats(seriesKept, seriesDropped, samplesKept, samplesDropped, stonesKept);
  }

  /** Deletes checkpoints with an index below {@code index}, and leftover temporary ones. */
  public static void deleteOlder(Path walDir, int index) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(walDir, WalFiles.CHECKPOINT_PREFIX + "*")) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (n.endsWith(WalFiles.TMP_SUFFIX)) {
          deleteTree(p);
          continue;
        }
        int i = WalFiles.parseSegment(n.substring(WalFiles.CHECKPOINT_PREFIX.length()));
        if (i >= 0 && i < index) {
          deleteTree(p);
        }
      }
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }
}
