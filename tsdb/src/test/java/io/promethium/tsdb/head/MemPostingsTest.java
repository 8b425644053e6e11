package io.promethium.tsdb.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.promethium.core.labels.Labels;
import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Postings against a model, with refs that fit the int lists and refs that force them wide. */
class MemPostingsTest {
  private static Labels labels(long i) {
    return Labels.of("__name__", "m" + (i % 3), "job", "j" + (i % 5));
  }

  private static long[] expected(Map<Long, Labels> model, String name, String value, boolean not) {
    return model.entrySet().stream()
        .filter(e -> value.equals(e.getValue().get(name)) != not)
        .mapToLong(Map.Entry::getKey)
        .toArray();
  }

  /**
   * @param hugeEvery one ref in this many is above 2^31 (0: none), widening the lists it lands in
   */
  @ParameterizedTest
  @CsvSource({"0, 1", "7, 2", "1, 3", "500, 4"})
  void selectMatchesModel(int hugeEvery, long seed) {
    Random r = new Random(seed);
    MemPostings p = new MemPostings();
    Map<Long, Labels> model = new TreeMap<>();
    for (int op = 0; op < 3000; op++) {
      long ref = 1 + r.nextInt(1000);
      if (hugeEvery > 0 && r.nextInt(hugeEvery) == 0) {
        ref += (1L << 31) + (r.nextBoolean() ? 0 : 1L << 40);
      }
      Labels l = labels(ref);
      if (model.containsKey(ref) && r.nextInt(3) == 0) {
        p.remove(ref, l);
        model.remove(ref);
      } else if (!model.containsKey(ref)) {
        p.add(ref, l);
        model.put(ref, l);
      }
      if (op % 100 == 0 || op == 2999) {
        assertArrayEquals(model.keySet().stream().mapToLong(Long::longValue).toArray(), p.select(),
            "all, op " + op);
        assertArrayEquals(expected(model, "job", "j2", false), p.select(Matcher.equal("job", "j2")),
            "job=j2, op " + op);
        assertArrayEquals(expected(model, "__name__", "m1", true),
            p.select(Matcher.of(MatchType.NOT_EQUAL, "__name__", "m1")), "__name__!=m1, op " + op);
        long[] either = model.entrySet().stream()
            .filter(e -> !e.getValue().get("job").equals("j4"))
            .mapToLong(Map.Entry::getKey)
            .toArray();
        assertArrayEquals(either, p.select(Matcher.of(MatchType.REGEX, "job", "j0|j1|j2|j3")),
            "job=~j0|j1|j2|j3, op " + op);
      }
    }
  }
}
