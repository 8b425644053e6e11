package io.promethium.tsdb;

import io.promethium.core.labels.Labels;
import io.promethium.core.storage.Appender;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child process for {@link FaultTest}: appends 10 series in a loop and prints {@code committed <t>} after
 * each commit returns, until it is killed.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long start = Long.parseLong(args[1]);
    try (Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withCompactionInterval(Duration.ZERO).withWalSegmentSize(64 * 1024))) {
      long[] refs = new long[10];
      // The previous run may have committed past the last line its parent read.
      long first = db.head().maxTime() == Long.MIN_VALUE ? start : Math.max(start, db.head().maxTime() + 1000);
      for (long t = first; ; t += 1000) {
        Appender a = db.appender();
        for (int i = 0; i < refs.length; i++) {
          refs[i] = a.append(refs[i], Labels.of("__name__", "crash", "i", Integer.toString(i)), t, t);
        }
        a.commit();
        System.out.println("committed " + t);
        System.out.flush();
      }
    }
  }
}
