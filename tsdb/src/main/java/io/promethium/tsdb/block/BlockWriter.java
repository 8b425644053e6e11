package io.promethium.tsdb.block;

import io.promethium.core.labels.Labels;
import io.promethium.tsdb.chunk.ChunkWriter;
import io.promethium.tsdb.chunk.EncodedChunk;
import io.promethium.tsdb.fileio.FileOps;
import io.promethium.tsdb.index.IndexWriter;
import io.promethium.tsdb.index.LabelsOrder;
import io.promethium.tsdb.tombstone.Tombstones;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a complete block directory from a stream of series.
 *
 * <p>How to persist a head range (the head's use):
 *
 * <pre>{@code
 * Optional<String> ulid = new BlockWriter().write(dataDir, minT, maxT, source);
 * }</pre>
 *
 * where {@code source} returns {@link SeriesChunks} (in label order by convention; the writer sorts them into
 * the index's UTF-8 order and rejects a repeated label set), each with its encoded XOR chunks
 * (samples in {@code [minT, maxT)}). Steps: everything goes to {@code <ulid>.tmp-for-creation} (chunk
 * segments while series stream in; then index, empty tombstones and meta.json), each file is fsynced, the
 * directory is renamed to {@code <ulid>} and the parent fsynced. On any failure the temporary directory
 * is removed, so nothing half-written remains. Series without chunks are skipped; if no samples remain
 * no block is written and the result is empty (as Prometheus's compactor does).
 *
 * <p>Memory: labels and chunk metas (24 bytes per chunk) of all series are held until the index is
 * written; chunk bytes are streamed. Thread-safe: each call is independent.
 */
public final class BlockWriter {
  private final FileOps ops;

  public BlockWriter() {
    this(FileOps.local());
  }

  public BlockWriter(FileOps ops) {
    this.ops = ops;
  }

  /**
   * Writes a level-1 block covering {@code [minT, maxT)}.
   *
   * @return the new block's ULID, or empty if the source had no samples
   */
  public Optional<String> write(Path parentDir, long minT, long maxT, SeriesSource series)
      throws IOException {
    String ulid = Ulid.generate(System.currentTimeMillis());
    BlockMeta.Compaction c = new BlockMeta.Compaction(1, List.of(ulid), List.of(), false, false);
    return write(parentDir, ulid, minT, maxT, c, series);
  }

  /**
   * Writes a block with the given identity and lineage (used by compaction).
   *
   * @return {@code ulid}, or empty if the source had no samples
   */
  public Optional<String> write(
      Path parentDir, String ulid, long minT, long maxT, BlockMeta.Compaction compaction, SeriesSource series)
      throws IOException {
    if (minT >= maxT) {
      throw new IllegalArgumentException("block range [" + minT + ", " + maxT + ") is empty");
    }
    Path tmp = parentDir.resolve(ulid + BlockFiles.TMP_FOR_CREATION_SUFFIX);
    Path fin = parentDir.resolve(ulid);
    boolean ok = false;
    try {
      ops.deleteRecursively(tmp);
      ops.createDirectories(tmp);
      List<PendingSeries> pending = new ArrayList<>();
      Set<String> symbols = new HashSet<>();
      long numSamples = 0;
      long numChunks = 0;
      try (ChunkWriter cw = new ChunkWriter(tmp.resolve(BlockFiles.CHUNKS_DIR), ops)) {
        for (SeriesChunks s = series.next(); s != null; s = series.next()) {
          if (s.chunks().isEmpty()) {
            continue;
          }
          int n = s.chunks().size();
          PendingSeries p = new PendingSeries(s.labels(), n);
          for (int i = 0; i < n; i++) {
            EncodedChunk c = s.chunks().get(i);
            p.minTimes[i] = c.minTime();
            p.maxTimes[i] = c.maxTime();
            p.refs[i] = cw.write(c.encoding(), c.data(), 0, c.data().length);
            numSamples += c.numSamples();
          }
          numChunks += n;
          for (int i = 0; i < s.labels().size(); i++) {
            symbols.add(s.labels().name(i));
            symbols.add(s.labels().value(i));
          }
          pending.add(p);
        }
      }
      if (numSamples == 0) {
        return Optional.empty();
      }
      // Sources arrive sorted by Labels.compareTo (UTF-16); the index wants UTF-8 order. The two differ
      // only for rare characters, so this sort is nearly always a no-op pass.
      pending.sort((a, b) -> LabelsOrder.INSTANCE.compare(a.labels, b.labels));
      for (int i = 1; i < pending.size(); i++) {
        if (pending.get(i - 1).labels.equals(pending.get(i).labels)) {
          throw new IllegalArgumentException("series source repeats " + pending.get(i).labels);
        }
      }
      try (IndexWriter iw = new IndexWriter(tmp.resolve(BlockFiles.INDEX), ops)) {
        iw.addSymbols(symbols);
        for (PendingSeries p : pending) {
          iw.addSeries(p.labels, p.minTimes, p.maxTimes, p.refs, p.minTimes.length);
        }
      }
      Tombstones.EMPTY.write(tmp, ops);
      BlockMeta meta =
          new BlockMeta(
              ulid,
              minT,
              maxT,
              new BlockMeta.Stats(numSamples, pending.size(), numChunks, 0),
              compaction,
              BlockMeta.VERSION);
      MetaFile.write(tmp, meta, ops);
      ops.syncDirectory(tmp.resolve(BlockFiles.CHUNKS_DIR));
      ops.syncDirectory(tmp);
      ops.rename(tmp, fin);
      ops.syncDirectory(parentDir);
      ok = true;
      return Optional.of(ulid);
    } finally {
      if (!ok) {
        try {
          ops.deleteRecursively(tmp);
        } catch (IOException e) {
          // The original failure matters more; the temporary dir is garbage-collected on next open.
        }
      }
    }
  }

  /** A written series waiting for the index: labels and chunk metas. */
  private static final class PendingSeries {
    final Labels labels;
    final long[] minTimes;
    final long[] maxTimes;
    final long[] refs;

    PendingSeries(Labels labels, int n) {
      this.labels = labels;
      this.minTimes = new long[n];
      this.maxTimes = new long[n];
      this.refs = new long[n];
    }
  }
}
