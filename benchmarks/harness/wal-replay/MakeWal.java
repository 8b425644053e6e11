import io.promethium.core.labels.Labels;
import io.promethium.core.storage.Appender;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.nio.file.Path;
import java.time.Duration;

/** Writes a WAL of N series x S samples at 15s ending now, without compaction, then closes. */
public class MakeWal {
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[1]);
    int s = Integer.parseInt(a[2]);
    long now = System.currentTimeMillis();
    long t0 = now - (long) s * 15_000;
    try (Tsdb db = Tsdb.open(Path.of(a[0]), TsdbOptions.defaults().withCompactionInterval(Duration.ZERO))) {
      long[] refs = new long[n];
      for (int k = 0; k < s; k++) {
        long t = t0 + k * 15_000L;
        for (int start = 0; start < n; start += 10_000) {
          Appender app = db.appender();
          for (int i = start; i < Math.min(n, start + 10_000); i++) {
            Labels l = refs[i] == 0 ? Labels.of("__name__", "m" + (i % 100), "instance", "i-" + (i / 100), "job", "j" + (i % 7)) : null;
            refs[i] = app.append(refs[i], l, t, i + k);
          }
          app.commit();
        }
      }
    }
  }
}
