package io.promethium.promql.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Go's sort must sort (every size and shape); its tie order is checked against Prometheus by the compliance tests. */
class GoSortTest {
  private static void goSort(double[] v) {
    GoSort.sort(new GoSort.Data() {
      @Override
      public boolean less(int i, int j) {
        return v[i] < v[j];
      }

      @Override
      public void swap(int i, int j) {
        double t = v[i];
        v[i] = v[j];
        v[j] = t;
      }
    }, v.length);
  }

  @Test
  void sortsRandomSortedReversedAndDuplicateHeavyInput() {
    long seed = 1124;
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int n = 0; n < 400; n += 1 + n / 10) {
      for (int shape = 0; shape < 4; shape++) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = switch (shape) {
            case 0 -> rnd.nextDouble();
            case 1 -> i;
            case 2 -> n - i;
            default -> rnd.nextInt(3);
          };
        }
        double[] want = v.clone();
        Arrays.sort(want);
        goSort(v);
        assertArrayEquals(want, v, "n=" + n + " shape=" + shape + " seed=" + seed);
      }
    }
  }

  @Test
  void shortInputIsInsertionSortedSoTiesKeepTheirOrder() {
    // Up to 12 elements Go uses insertion sort, which is stable.
    Integer[] idx = {0, 1, 2, 3, 4, 5};
    double[] key = {2, 1, 2, 1, 0, 2};
    GoSort.sort(new GoSort.Data() {
      @Override
      public boolean less(int i, int j) {
        return key[idx[i]] < key[idx[j]];
      }

      @Override
      public void swap(int i, int j) {
        Integer t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
      }
    }, idx.length);
    assertEquals(Arrays.asList(4, 1, 3, 0, 2, 5), Arrays.asList(idx));
  }
}
