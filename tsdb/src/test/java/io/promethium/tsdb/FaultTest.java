package io.promethium.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.storage.Appender;
import io.promethium.tsdb.fileio.FileOps;
import io.promethium.tsdb.wal.WalFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crashes, torn files and failing disks: committed data survives and the database still opens. */
class FaultTest {
  @TempDir Path dir;

  private static TsdbOptions opts() {
    return TsdbOptions.defaults().withCompactionInterval(Duration.ZERO);
  }

  /** Per series, the sorted timestamps. */
  private static Map<String, List<Long>> read(Tsdb db) throws Exception {
    return TsdbTest.timestampsOf(db, "crash");
  }

  @Test
  void sigkillLosesNoCommittedSample() throws Exception {
    long start = 1_000_000;
    long lastCommitted = Long.MIN_VALUE;
    for (int round = 0; round < 2; round++) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      long from = lastCommitted == Long.MIN_VALUE ? start : lastCommitted + 1000;
      Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          CrashWriterMain.class.getName(), dir.toString(), Long.toString(from))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      int commits = 0;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("committed ")) {
            lastCommitted = Long.parseLong(line.substring(10));
            if (++commits == 1500 + round * 700) {
              p.destroyForcibly(); // SIGKILL mid-loop
              break;
            }
          }
        }
      }
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertTrue(commits > 100, "child made too little progress: " + commits);
    }
    try (Tsdb db = Tsdb.open(dir, opts())) {
      Map<String, List<Long>> got = read(db);
      assertEquals(10, got.size());
      for (List<Long> ts : got.values()) {
        assertEquals(start, ts.get(0));
        // Every committed timestamp is there, in order and without gaps.
        int n = (int) ((lastCommitted - start) / 1000) + 1;
        assertTrue(ts.size() >= n, "lost samples: " + ts.size() + " < " + n);
        for (int i = 0; i < n; i++) {
          assertEquals(start + i * 1000L, ts.get(i));
        }
      }
    }
  }

  @Test
  void tornWalTailIsRepairedAtOpen() throws Exception {
    try (Tsdb db = Tsdb.open(dir, opts())) {
      TsdbTest.fill(db, 3, 0, 200_000, 1000);
    }
    // Chop the last segment holding data in the middle of its last record, then add garbage.
    Path wal = dir.resolve("wal");
    List<Integer> segs = WalFiles.segments(wal);
    Path seg = null;
    for (int i = segs.size() - 1; i >= 0; i--) {
      Path p = WalFiles.segment(wal, segs.get(i));
      if (Files.size(p) > 0) {
        seg = p;
        break;
      }
    }
    byte[] b = Files.readAllBytes(seg);
    int end = b.length;
    while (end > 0 && b[end - 1] == 0) {
      end--;
    }
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(end - 5);
    }
    Files.write(seg, new byte[] {9, 9, 9}, StandardOpenOption.APPEND);
    try (Tsdb db = Tsdb.open(dir, opts())) {
      Map<String, List<Long>> got = TsdbTest.timestampsOf(db, "m");
      assertEquals(3, got.size());
      for (List<Long> ts : got.values()) {
        assertTrue(ts.size() >= 190 && ts.size() < 200, "expected only the last commit(s) lost: " + ts.size());
      }
      Appender a = db.appender();
      a.append(0, Labels.of("__name__", "m", "i", "0"), 300_000, 1);
      a.commit();
    }
    try (Tsdb db = Tsdb.open(dir, opts())) {
      assertEquals(300_000L, TsdbTest.timestampsOf(db, "m").get("{__name__=\"m\", i=\"0\"}").stream().mapToLong(x -> x).max().getAsLong());
    }
  }

  @Test
  void fullDiskDuringCompactionKeepsBlocksAndHead() throws Exception {
    long hour = 3_600_000L;
    FileOps failing = new FileOps() {
      volatile boolean fail;
      final FileOps real = FileOps.local();

      @Override
      public FileChannel create(Path file) throws IOException {
        if (fail) {
          throw new IOException("No space left on device");
        }
        return real.create(file);
      }

      @Override
      public void sync(FileChannel c) throws IOException {
        real.sync(c);
      }

      @Override
      public void createDirectories(Path d) throws IOException {
        real.createDirectories(d);
      }

      @Override
      public void syncDirectory(Path d) throws IOException {
        real.syncDirectory(d);
      }

      @Override
      public void rename(Path a, Path b) throws IOException {
        real.rename(a, b);
      }

      @Override
      public void deleteRecursively(Path p) throws IOException {
        real.deleteRecursively(p);
      }

      @Override
      public String toString() {
        fail = true;
        return "failing";
      }
    };
    try (Tsdb db = Tsdb.open(dir, opts().withFileOps(failing))) {
      TsdbTest.fill(db, 3, 0, 5 * hour, 60_000);
      db.compact();
      int blocks = db.blocks().size();
      assertEquals(1, blocks);
      Map<String, List<Long>> before = TsdbTest.timestampsOf(db, "m");
      TsdbTest.fill(db, 3, 5 * hour, 8 * hour, 60_000);
      failing.toString(); // from now on every file creation fails
      IOException e = assertThrows(IOException.class, db::compact);
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      assertEquals(blocks, db.blocks().size());
      Map<String, List<Long>> after = TsdbTest.timestampsOf(db, "m");
      for (Map.Entry<String, List<Long>> en : before.entrySet()) {
        assertTrue(after.get(en.getKey()).containsAll(en.getValue()));
        assertEquals(8 * 60, after.get(en.getKey()).size());
      }
      try (var s = Files.list(dir)) {
        assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "temporary block left behind");
      }
    }
  }

  @Test
  void queryAfterHeadChunkFilesDeletedStillOpens() throws Exception {
    try (Tsdb db = Tsdb.open(dir, opts())) {
      TsdbTest.fill(db, 2, 0, 1_000_000, 1000);
    }
    // Lose the head chunk files entirely: the WAL rebuilds everything.
    try (var s = Files.list(dir.resolve("chunks_head"))) {
      for (Path p : s.toList()) {
        Files.write(p, new byte[] {1, 2, 3});
      }
    }
    try (Tsdb db = Tsdb.open(dir, opts())) {
      for (List<Long> ts : TsdbTest.timestampsOf(db, "m").values()) {
        assertEquals(1000, ts.size());
      }
    }
  }

  @Test
  void dataDirThatIsAFileGivesAClearError() throws Exception {
    Path f = dir.resolve("not-a-dir");
    Files.writeString(f, "x");
    IOException e = assertThrows(IOException.class, () -> Tsdb.open(f, opts()));
    assertEquals("create data directory " + f + ": a file with that name exists and is not a directory", e.getMessage());
  }

}
