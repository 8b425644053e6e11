package io.promethium.tsdb.wal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * File and directory names of the WAL, in one place: segments are named by an 8-digit zero-padded index
 * ({@code 00000042}), checkpoints {@code checkpoint.NNNNNNNN} after the last segment they include, and a
 * checkpoint being written carries the suffix {@code .tmp}. Stateless.
 */
public final class WalFiles {
  public static final String CHECKPOINT_PREFIX = "checkpoint.";
  public static final String TMP_SUFFIX = ".tmp";

  private WalFiles() {}

  public static String segmentName(int index) {
    return String.format("%08d", index);
  }

  public static Path segment(Path dir, int index) {
    return dir.resolve(segmentName(index));
  }

  public static String checkpointName(int index) {
    return CHECKPOINT_PREFIX + String.format("%08d", index);
  }

  /** The index of a segment file name, or -1 when the name is not all digits. */
  public static int parseSegment(String name) {
    if (name.isEmpty() || name.length() > 9) {
      return -1;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(name);
  }

  /** Sorted indexes of the segment files in {@code dir}; empty when the directory does not exist. */
  public static List<Integer> segments(Path dir) throws IOException {
    List<Integer> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        int i = parseSegment(p.getFileName().toString());
        if (i >= 0 && Files.isRegularFile(p)) {
          out.add(i);
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  /** The newest complete checkpoint directory and its index, or {@code null}. */
  public static Checkpoint.Ref lastCheckpoint(Path dir) throws IOException {
    Checkpoint.Ref best = null;
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, CHECKPOINT_PREFIX + "*")) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (n.endsWith(TMP_SUFFIX) || !Files.isDirectory(p)) {
          continue;
        }
        int idx = parseSegment(n.substring(CHECKPOINT_PREFIX.length()));
        if (idx >= 0 && (best == null || idx > best.index())) {
          best = new Checkpoint.Ref(p, idx);
        }
      }
    }
    return best;
  }
}
