package io.promethium.tsdb.backfill;

import io.promethium.core.exposition.ExpositionParseException;
import io.promethium.core.exposition.ExpositionParser;
import io.promethium.core.exposition.OpenMetricsParser;
import io.promethium.core.labels.Labels;
import io.promethium.tsdb.block.BlockMeta;
import io.promethium.tsdb.block.BlockWriter;
import io.promethium.tsdb.block.MetaFile;
import io.promethium.tsdb.block.SeriesChunks;
import io.promethium.tsdb.block.SeriesSource;
import io.promethium.tsdb.chunk.ChunkCutter;
import io.promethium.tsdb.compact.BlockRanges;
import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.fileio.FileOps;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code promethium tsdb create-blocks-from openmetrics [flags] INPUT [OUTPUT_DIR]}: turns an OpenMetrics
 * file whose samples all carry timestamps into blocks, as {@code promtool tsdb create-blocks-from
 * openmetrics} does.
 *
 * <table>
 *   <caption>behaviour</caption>
 *   <tr><th>aspect</th><th>rule (same as promtool)</th></tr>
 *   <tr><td>block windows</td><td>aligned to the block duration (2h, or the largest of 2h·3^k not above
 *       {@code --max-block-duration})</td></tr>
 *   <tr><td>block range</td><td>{@code [first sample, last sample + 1)} of the window</td></tr>
 *   <tr><td>samples</td><td>every sample needs a timestamp; within a window a series' timestamps must
 *       increase (a repeat with the same value is dropped, with another value is an error)</td></tr>
 *   <tr><td>output dir</td><td>default {@code data/}; created if missing</td></tr>
 * </table>
 *
 * <p>Unlike promtool, the whole input is validated before the first block is written, and blocks written
 * by a failing run are removed: a failure leaves OUTPUT_DIR as it was. The input is held in memory (as
 * promtool does). Not thread-safe; one run per call.
 */
public final class OpenMetricsBackfill {
  private final FileOps ops;

  public OpenMetricsBackfill(FileOps ops) {
    this.ops = ops;
  }

  /**
   * Command-line entry point. Arguments are those after {@code create-blocks-from openmetrics}.
   *
   * @return process exit code: 0 on success, 1 on error (message on {@code err})
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, FileOps.local());
  }

  static int run(String[] args, PrintStream out, PrintStream err, FileOps ops) {
    long maxBlockDuration = 0;
    boolean humanReadable = false;
    boolean quiet = false;
    List<String> positional = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.startsWith("--max-block-duration=")) {
          maxBlockDuration = GoDuration.parseMillis(a.substring(a.indexOf('=') + 1));
        } else if (a.equals("--max-block-duration")) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("expected argument for flag '--max-block-duration'");
          }
          maxBlockDuration = GoDuration.parseMillis(args[++i]);
        } else if (a.equals("--human-readable") || a.equals("-r")) {
          humanReadable = true;
        } else if (a.equals("--quiet") || a.equals("-q")) {
          quiet = true;
        } else if (a.startsWith("-") && a.length() > 1) {
          throw new IllegalArgumentException("unknown long flag '" + a + "'");
        } else {
          positional.add(a);
        }
      }
      if (positional.isEmpty()) {
        throw new IllegalArgumentException("required argument 'input file' not provided");
      }
      if (positional.size() > 2) {
        throw new IllegalArgumentException("unexpected " + positional.get(2));
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    Path input = Path.of(positional.get(0));
    Path output = Path.of(positional.size() > 1 ? positional.get(1) : "data/");
    try {
      List<BlockMeta> written = new OpenMetricsBackfill(ops).createBlocks(input, output, maxBlockDuration);
      if (!quiet) {
        for (BlockMeta m : written) {
          printBlock(out, output, m, humanReadable);
        }
      }
      return 0;
    } catch (BackfillException e) {
      err.println("import samples: " + e.getMessage());
      return 1;
    } catch (NoSuchFileException e) {
      err.println("import samples: open " + e.getFile() + ": no such file or directory");
      return 1;
    } catch (IOException e) {
      err.println("import samples: " + e);
      return 1;
    }
  }

  /** A problem with the input (message names the line) or with the samples. */
  public static final class BackfillException extends Exception {
    private static final long serialVersionUID = 1L;

    BackfillException(String message) {
      super(message, null, false, false);
    }
  }

  /** The block duration promtool uses for a requested maximum (0 or less: 2h). */
  static long blockDuration(long maxBlockDuration) {
    long d = BlockRanges.TWO_HOURS;
    if (maxBlockDuration > d) {
      long[] ranges = BlockRanges.exponential(BlockRanges.TWO_HOURS, 10, 3);
      int idx = ranges.length - 1;
      for (int i = 0; i < ranges.length; i++) {
        if (ranges[i] > maxBlockDuration) {
          idx = i - 1;
          break;
        }
      }
      d = ranges[idx];
    }
    return d;
  }

  /**
   * Parses the input and writes its blocks into {@code outputDir}.
   *
   * @return metas of the blocks written, oldest first
   */
  public List<BlockMeta> createBlocks(Path input, Path outputDir, long maxBlockDuration)
      throws IOException, BackfillException {
    byte[] body = Files.readAllBytes(input);
    Map<Labels, SeriesSamples> series = parse(body);
    long blockDuration = blockDuration(maxBlockDuration);
    long mint = Long.MAX_VALUE;
    long maxt = Long.MIN_VALUE;
    for (SeriesSamples s : series.values()) {
      for (int i = 0; i < s.n; i++) {
        mint = Math.min(mint, s.ts[i]);
        maxt = Math.max(maxt, s.ts[i]);
      }
    }
    List<Window> windows = new ArrayList<>();
    if (!series.isEmpty()) {
      long start = Math.floorDiv(mint, blockDuration) * blockDuration;
      for (long t = start; t <= maxt; t += blockDuration) {
        Window w = window(series, t, t + blockDuration);
        if (w != null) {
          windows.add(w);
        }
      }
    }
    ops.createDirectories(outputDir);
    BlockWriter writer = new BlockWriter(ops);
    List<BlockMeta> written = new ArrayList<>();
    try {
      for (Window w : windows) {
        String ulid =
            writer.write(outputDir, w.minT, w.maxT + 1, SeriesSource.of(w.series)).orElseThrow();
        try {
          written.add(MetaFile.read(outputDir.resolve(ulid)));
        } catch (CorruptFileException e) {
          throw new IOException("read back " + ulid + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException | RuntimeException e) {
      for (BlockMeta m : written) {
        try {
          ops.deleteRecursively(outputDir.resolve(m.ulid()));
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    return written;
  }

  /** Samples of one series in input order (with their line numbers for messages). */
  private static final class SeriesSamples {
    long[] ts = new long[16];
    double[] vs = new double[16];
    int[] lines = new int[16];
    int n;

    void add(long t, double v, int line) {
      if (n == ts.length) {
        ts = Arrays.copyOf(ts, n * 2);
        vs = Arrays.copyOf(vs, n * 2);
        lines = Arrays.copyOf(lines, n * 2);
      }
      ts[n] = t;
      vs[n] = v;
      lines[n] = line;
      n++;
    }
  }

  private record Window(long minT, long maxT, List<SeriesChunks> series) {}

  private static Map<Labels, SeriesSamples> parse(byte[] body) throws BackfillException {
    ExpositionParser p = new OpenMetricsParser(body);
    Map<Labels, SeriesSamples> bySeries = new HashMap<>();
    Labels.Builder b = Labels.builder();
    try {
      while (true) {
        ExpositionParser.Entry e = p.next();
        if (e == ExpositionParser.Entry.EOF) {
          break;
        }
        if (e != ExpositionParser.Entry.SERIES) {
          continue;
        }
        Labels l = p.labels(b);
        if (!p.hasTimestamp()) {
          throw new BackfillException(
              "line " + p.line() + ": expected timestamp for series " + l + ", got none");
        }
        bySeries.computeIfAbsent(l, k -> new SeriesSamples()).add(p.timestamp(), p.value(), p.line());
      }
    } catch (ExpositionParseException e) {
      throw new BackfillException("parse: line " + e.getMessage());
    }
    return bySeries;
  }

  /** The series and chunks of one aligned window, applying the head's append rules; null if empty. */
  private static Window window(Map<Labels, SeriesSamples> series, long from, long to)
      throws BackfillException {
    TreeMap<Labels, SeriesSamples> sorted = new TreeMap<>(series);
    List<SeriesChunks> out = new ArrayList<>();
    long minT = Long.MAX_VALUE;
    long maxT = Long.MIN_VALUE;
    ChunkCutter cutter = new ChunkCutter();
    for (Map.Entry<Labels, SeriesSamples> e : sorted.entrySet()) {
      SeriesSamples s = e.getValue();
      long last = Long.MIN_VALUE;
      double lastV = 0;
      int count = 0;
      for (int i = 0; i < s.n; i++) {
        long t = s.ts[i];
        if (t < from || t >= to) {
          continue;
        }
        if (count > 0 && t <= last) {
          if (t == last
              && Double.doubleToRawLongBits(s.vs[i]) == Double.doubleToRawLongBits(lastV)) {
            continue; // an exact repeat is ignored, as by the head appender
          }
          throw new BackfillException(
              "line " + s.lines[i] + ": add sample: "
                  + (t == last ? "duplicate sample for timestamp" : "out of order sample")
                  + " (series " + e.getKey() + ", timestamp " + t + ")");
        }
        cutter.append(t, s.vs[i]);
        last = t;
        lastV = s.vs[i];
        count++;
        minT = Math.min(minT, t);
        maxT = Math.max(maxT, t);
      }
      if (count > 0) {
        out.add(new SeriesChunks(e.getKey(), cutter.finish()));
      }
    }
    return out.isEmpty() ? null : new Window(minT, maxT, out);
  }

  private static void printBlock(PrintStream out, Path dir, BlockMeta m, boolean humanReadable)
      throws IOException {
    long size;
    try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve(m.ulid()))) {
      size = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
    String[] header = {
      "BLOCK ULID", "MIN TIME", "MAX TIME", "DURATION", "NUM SAMPLES", "NUM CHUNKS", "NUM SERIES", "SIZE"
    };
    String[] row = {
      m.ulid(),
      humanReadable ? Instant.ofEpochMilli(m.minTime()).toString() : Long.toString(m.minTime()),
      humanReadable ? Instant.ofEpochMilli(m.maxTime()).toString() : Long.toString(m.maxTime()),
      GoDuration.format(m.maxTime() - m.minTime()),
      Long.toString(m.stats().numSamples()),
      Long.toString(m.stats().numChunks()),
      Long.toString(m.stats().numSeries()),
      humanReadable ? humanBytes(size) : Long.toString(size)
    };
    StringBuilder h = new StringBuilder();
    StringBuilder r = new StringBuilder();
    for (int i = 0; i < header.length; i++) {
      int w = Math.max(header[i].length(), row[i].length()) + 2;
      h.append(i + 1 < header.length ? pad(header[i], w) : header[i]);
      r.append(i + 1 < header.length ? pad(row[i], w) : row[i]);
    }
    out.println(h);
    out.println(r);
  }

  private static String pad(String s, int w) {
    StringBuilder sb = new StringBuilder(s);
    while (sb.length() < w) {
      sb.append(' ');
    }
    return sb.toString();
  }

  private static String humanBytes(long b) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? b + " B" : String.format("%.1f %s", v, units[u]);
  }
}
