package io.promethium.core.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LabelsShareStringsTest {
  private static String fresh(String s) {
    return new StringBuilder(s).toString();
  }

  @Test
  void swapsInEqualStringsWithoutChangingTheSet() {
    Labels l = Labels.of("__name__", fresh("up"), "job", fresh("node"));
    int hash = l.hashCode();
    String[] canon = {"__name__", "up", "job", "node"};
    l.shareStrings(canon);
    assertSame(canon[1], l.metricName());
    assertSame(canon[3], l.get("job"));
    assertEquals(hash, l.hashCode());
    assertEquals(Labels.of("job", "node", "__name__", "up"), l);
  }

  @Test
  void rejectsDifferentStringsAndLeavesTheSetAlone() {
    Labels l = Labels.of("__name__", "up", "job", "node");
    assertThrows(IllegalArgumentException.class, () -> l.shareStrings(new String[] {"__name__", "up"}));
    assertThrows(IllegalArgumentException.class,
        () -> l.shareStrings(new String[] {"__name__", "up", "job", "nodes"}));
    assertEquals("node", l.get("job"));
  }
}
