package io.promethium.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The free ratios are raised during a replay and come back as found, also with overlapping servers. */
@Isolated("changes process-wide heap flags")
class ReplayHeapGrowthTest {
  private static final HotSpotDiagnosticMXBean BEAN =
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

  private static String flag(String name) {
    return BEAN.getVMOption(name).getValue();
  }

  @Test
  void raisesAndRestores() {
    String min = flag("MinHeapFreeRatio");
    String max = flag("MaxHeapFreeRatio");
    ReplayHeapGrowth g = new ReplayHeapGrowth();
    assertTrue(g.begin());
    assertFalse(g.begin(), "a second begin on the same instance is a no-op");
    assertEquals(Integer.toString(ReplayHeapGrowth.REPLAY_MIN_FREE), flag("MinHeapFreeRatio"));
    assertEquals("100", flag("MaxHeapFreeRatio"));
    g.end();
    assertEquals(min, flag("MinHeapFreeRatio"));
    assertEquals(max, flag("MaxHeapFreeRatio"));
    g.end(); // twice: harmless
    assertEquals(min, flag("MinHeapFreeRatio"));
  }

  @Test
  void overlappingReplaysRestoreWhenTheLastEnds() {
    String min = flag("MinHeapFreeRatio");
    ReplayHeapGrowth a = new ReplayHeapGrowth();
    ReplayHeapGrowth b = new ReplayHeapGrowth();
    assertTrue(a.begin());
    assertTrue(b.begin());
    a.end();
    assertEquals(Integer.toString(ReplayHeapGrowth.REPLAY_MIN_FREE), flag("MinHeapFreeRatio"));
    b.end();
    assertEquals(min, flag("MinHeapFreeRatio"));
  }

  @Test
  void withoutTheBeanNothingHappens() {
    String min = flag("MinHeapFreeRatio");
    ReplayHeapGrowth g = new ReplayHeapGrowth(null);
    assertFalse(g.begin());
    g.end();
    assertEquals(min, flag("MinHeapFreeRatio"));
  }
}
