package io.promethium.tsdb.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the real {@code promtool} (Debian package {@code prometheus}) for interop tests. */
final class Promtool {
  static final Path BIN = Path.of("/usr/bin/promtool");

  private Promtool() {}

  static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(BIN), "promtool not installed (apt-get install prometheus)");
  }

  /** Runs promtool with arguments; returns stdout; fails the test on non-zero exit. */
  static String run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(BIN.toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("promtool", ".out");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("promtool timed out: " + cmd);
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), "promtool " + String.join(" ", args) + " failed:\n" + text);
      return text;
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
