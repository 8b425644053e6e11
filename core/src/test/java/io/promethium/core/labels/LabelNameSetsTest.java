package io.promethium.core.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LabelNameSetsTest {
  @Test
  void setsWithTheSameNamesShareOneArrayHoweverTheyAreBuilt() {
    Labels a = Labels.of("__name__", "up", "job", "a", "instance", "x:1");
    Labels b = Labels.builder().set("job", "b").set("instance", "y:2").set("__name__", "down").build();
    Labels c = Labels.fromSortedPairs(new String[] {"__name__", "up", "instance", "z:3", "job", "c"});
    Labels d = a.toBuilder().set("job", "d").build();
    assertTrue(a.sharesNamesWith(b));
    assertTrue(a.sharesNamesWith(c));
    assertTrue(a.sharesNamesWith(d));
    assertFalse(a.sharesNamesWith(Labels.of("__name__", "up", "job", "a")));
    assertFalse(a.sharesNamesWith(a.withoutMetricName()));
  }

  @Test
  void sharingNamesChangesNoAnswer() {
    Labels a = Labels.of("__name__", "up", "job", "a");
    Labels b = Labels.of("__name__", "up", "job", "b");
    Labels a2 = Labels.of("job", "a", "__name__", "up");
    assertEquals(a, a2);
    assertEquals(a.hashCode(), a2.hashCode());
    // The hash of the flat name/value list, as before names were kept apart.
    assertEquals(Arrays.hashCode(new String[] {"__name__", "up", "job", "a"}), a.hashCode());
    assertTrue(a.compareTo(b) < 0);
    assertEquals(0, a.compareTo(a2));
    assertEquals("{__name__=\"up\", job=\"a\"}", a.toString());
    assertEquals("b", b.get("job"));
    assertEquals("", b.get("instance"));
    // Swapping in equal strings through one set leaves every set sharing the names as it was.
    a.shareStrings(new String[] {new String("__name__"), new String("up"), new String("job"), "a"});
    assertEquals(Labels.of("__name__", "up", "job", "b"), b);
    assertEquals("job", b.name(1));
  }

  @Test
  void aFullTableStopsSharingButStillAnswers() {
    LabelNameSets sets = new LabelNameSets(2);
    String[] x = {"a"};
    String[] y = {"b"};
    assertSame(x, sets.canonical(x));
    assertSame(y, sets.canonical(y));
    assertSame(x, sets.canonical(new String[] {"a"}));
    String[] z = {"c"};
    assertSame(z, sets.canonical(z), "no room: the caller keeps its own array");
    assertNotSame(z, sets.canonical(new String[] {"c"}));
  }
}
