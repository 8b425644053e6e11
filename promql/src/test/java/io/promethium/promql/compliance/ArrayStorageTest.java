package io.promethium.promql.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import io.promethium.core.storage.AppendException;
import io.promethium.core.storage.Appender;
import io.promethium.core.storage.Querier;
import io.promethium.core.storage.SampleIterator;
import io.promethium.core.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayStorageTest {
  private static final Labels A = Labels.of("__name__", "m", "i", "a");
  private static final Labels B = Labels.of("__name__", "m", "i", "b");
  private static final Labels C = Labels.of("__name__", "n", "i", "a");

  private static ArrayStorage storage() {
    ArrayStorage s = new ArrayStorage();
    s.put(new ArrayStorage.StoredSeries(B, new long[] {10, 20, 30}, new double[] {1, 2, 3}, 3));
    s.put(new ArrayStorage.StoredSeries(A, new long[] {10, 40}, new double[] {5, 6}, 2));
    s.put(new ArrayStorage.StoredSeries(C, new long[] {100}, new double[] {7}, 1));
    return s;
  }

  private static List<Labels> select(Querier q, Matcher... m) {
    List<Labels> out = new ArrayList<>();
    SeriesSet set = q.select(true, null, m);
    while (set.next()) {
      out.add(set.at().labels());
    }
    return out;
  }

  @Test
  void selectsByMatchersInLabelOrder() throws Exception {
    try (Querier q = storage().querier(0, 1000)) {
      assertEquals(List.of(A, B), select(q, Matcher.equal("__name__", "m")));
      assertEquals(List.of(A, C), select(q, Matcher.of(MatchType.REGEX, "i", "a")));
      assertEquals(List.of(B), select(q, Matcher.of(MatchType.NOT_EQUAL, "i", "a")));
      assertEquals(List.of(A, B, C), select(q, Matcher.of(MatchType.EQUAL, "absent", "")));
      assertEquals(List.of("a", "b"), q.labelValues("i"));
      assertEquals(List.of("__name__", "i"), q.labelNames(Matcher.equal("__name__", "m")));
    }
  }

  @Test
  void queriersSeeOnlyTheirTimeRange() {
    try (Querier q = storage().querier(15, 35)) {
      // A has samples at 10 and 40 only: nothing in range, so it is not selected.
      assertEquals(List.of(B), select(q, Matcher.equal("__name__", "m")));
    }
    try (Querier q = storage().querier(15, 35)) {
      SeriesSet set = q.select(true, null, Matcher.equal("i", "b"));
      assertTrue(set.next());
      SampleIterator it = set.at().iterator(null);
      assertTrue(it.next());
      assertEquals(20, it.timestamp());
      assertTrue(it.next());
      assertEquals(30, it.timestamp());
      assertFalse(it.next());
      assertFalse(it.next());
    }
  }

  @Test
  void seekNeverMovesBack() {
    try (Querier q = storage().querier(0, 1000)) {
      SeriesSet set = q.select(true, null, Matcher.equal("i", "b"));
      assertTrue(set.next());
      SampleIterator it = set.at().iterator(null);
      assertTrue(it.seek(15));
      assertEquals(20, it.timestamp());
      assertEquals(2.0, it.value());
      assertTrue(it.seek(5));
      assertEquals(20, it.timestamp());
      assertTrue(it.next());
      assertEquals(30, it.timestamp());
      assertFalse(it.seek(31));
      assertFalse(it.next());
    }
  }

  @Test
  void appenderPublishesOnCommitAndRejectsOutOfOrder() throws Exception {
    ArrayStorage s = storage();
    Appender app = s.appender();
    app.append(0, B, 35, 4);
    app.append(0, Labels.of("__name__", "new"), 1, 1);
    assertEquals(AppendException.Reason.OUT_OF_ORDER, assertThrows(AppendException.class,
        () -> app.append(0, B, 34, 0)).reason());
    assertEquals(AppendException.Reason.DUPLICATE_SAMPLE, assertThrows(AppendException.class,
        () -> app.append(0, B, 35, 0)).reason());
    try (Querier q = s.querier(0, 1000)) {
      assertEquals(List.of(), select(q, Matcher.equal("__name__", "new")));
    }
    app.commit();
    try (Querier q = s.querier(0, 1000)) {
      assertEquals(1, select(q, Matcher.equal("__name__", "new")).size());
      SeriesSet set = q.select(true, null, Matcher.equal("i", "b"));
      set.next();
      SampleIterator it = set.at().iterator(null);
      assertTrue(it.seek(31));
      assertEquals(35, it.timestamp());
      assertEquals(4.0, it.value());
    }
    assertEquals(1, s.startTime());
  }
}
