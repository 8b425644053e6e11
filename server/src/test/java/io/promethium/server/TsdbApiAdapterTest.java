package io.promethium.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.storage.Appender;
import io.promethium.http.TsdbStatus;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbApiAdapterTest {
  @Test
  void snapshotNameAndStats(@TempDir Path dir) throws Exception {
    try (Tsdb tsdb = Tsdb.open(dir.resolve("data"), TsdbOptions.defaults())) {
      Appender app = tsdb.appender();
      app.append(0, Labels.of("__name__", "shop_orders_total", "shop", "gems"), 1000, 1);
      app.append(0, Labels.of("__name__", "shop_orders_total", "shop", "gold"), 1000, 2);
      app.commit();
      TsdbApiAdapter a = new TsdbApiAdapter(tsdb);
      String name = a.snapshot(true);
      assertTrue(name.matches("\\d{8}T\\d{6}Z-[0-9a-f]{16}"), name);
      assertTrue(Files.isDirectory(dir.resolve("data/snapshots").resolve(name)));
      TsdbStatus.Stats s = a.stats(10);
      assertEquals(2, s.head().numSeries());
      assertEquals("shop_orders_total", s.seriesCountByMetricName().get(0).name());
      assertEquals(2, s.seriesCountByMetricName().get(0).value());
    }
  }
}
