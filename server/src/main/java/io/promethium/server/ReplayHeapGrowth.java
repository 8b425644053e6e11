package io.promethium.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import io.promethium.core.log.Logger;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;

/**
 * Lets the heap grow in large steps while the WAL replays, then puts the process's own heap free ratios
 * back and shrinks the heap once.
 *
 * <p>Why: bin/promethium runs with {@code -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20} so that resident
 * memory follows the live series in steady state. During replay the live set grows from nothing to the
 * whole head; with 10% head room each full collection leaves only a little space, so the serial collector
 * runs some twenty full collections, each over everything replayed so far (measured: 4.3 s of pauses in an
 * 8.4 s replay of 1M series). Both ratios are <em>manageable</em> HotSpot flags, so they can be raised for
 * the replay and restored after it; a full collection afterwards gives the extra room back under the
 * restored ratios. Only the server does this: the flags are process-wide, a library must not touch them.
 *
 * <p>Does nothing on a JVM without the HotSpot diagnostic bean or when a flag is not writable.
 * Thread-safe: servers that start at the same time in one JVM (tests) share one raise; the last to end
 * restores the ratios the first found.
 */
final class ReplayHeapGrowth {
  private static final Logger LOG = Logger.get(null);
  private static final String MIN = "MinHeapFreeRatio";
  private static final String MAX = "MaxHeapFreeRatio";
  /**
   * Free share after a collection while replaying: the heap grows to ten times the live set, so a replay
   * of 1M series needs two or three full collections instead of twenty (80 took one more, of 300 MB).
   */
  static final int REPLAY_MIN_FREE = 90;

  /** The most full collections {@link #shrink()} runs (the serial collector's damping needs four). */
  private static final int SHRINK_COLLECTIONS = 4;

  private static final long SHRINK_DELAY_MILLIS = 5_000;
  /** Committed heap below which the shrink is not worth its collections. */
  private static final long SMALL_HEAP = 64L << 20;

  /** Guards the three fields below, which are per JVM like the flags. */
  private static final Object LOCK = new Object();
  private static int active;
  private static String savedMin;
  private static String savedMax;

  private final HotSpotDiagnosticMXBean bean;
  private boolean begun;

  ReplayHeapGrowth() {
    this(diagnosticBean());
  }

  ReplayHeapGrowth(HotSpotDiagnosticMXBean bean) {
    this.bean = bean;
  }

  private static HotSpotDiagnosticMXBean diagnosticBean() {
    try {
      return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** Raises the free ratios; a no-op (returning false) when they cannot be changed or already were. */
  boolean begin() {
    if (bean == null || begun) {
      return false;
    }
    synchronized (LOCK) {
      if (active > 0) {
        active++;
        begun = true;
        return true;
      }
      try {
        VMOption min = bean.getVMOption(MIN);
        VMOption max = bean.getVMOption(MAX);
        if (!min.isWriteable() || !max.isWriteable()) {
          return false;
        }
        // Max first: HotSpot rejects a MinHeapFreeRatio above the current MaxHeapFreeRatio.
        bean.setVMOption(MAX, "100");
        bean.setVMOption(MIN, Integer.toString(REPLAY_MIN_FREE));
        savedMin = min.getValue();
        savedMax = max.getValue();
        active = 1;
        begun = true;
        return true;
      } catch (RuntimeException e) {
        LOG.debug("could not raise the heap free ratios for the WAL replay", "err", e.getMessage());
        return false;
      }
    }
  }

  /**
   * Undoes {@link #begin()}: the last one out restores the ratios found and, a few seconds later, has the
   * heap shrink under them. Safe to call when {@link #begin()} did nothing.
   */
  void end() {
    if (!begun) {
      return;
    }
    begun = false;
    synchronized (LOCK) {
      if (--active > 0) {
        return;
      }
      try {
        // Min first, for the same ordering rule as in begin().
        bean.setVMOption(MIN, savedMin);
        bean.setVMOption(MAX, savedMax);
      } catch (RuntimeException e) {
        LOG.warn("could not restore the heap free ratios after the WAL replay", "err", e.getMessage());
      }
    }
    Thread t = new Thread(ReplayHeapGrowth::shrink, "heap-shrink-after-replay");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Full collections until the heap stops shrinking. The collectors shrink the heap only in a full
   * collection, and the serial collector damps it (by default none of the excess on the first, then 10%,
   * 40%, all of it), so up to four; without them the replay's large young generation would be refilled,
   * and made resident, by the scrapes. Runs after ready, on its own thread: it costs CPU, not start time.
   */
  private static void shrink() {
    try {
      // A full collection stops every thread: wait until the first requests after ready are through.
      Thread.sleep(SHRINK_DELAY_MILLIS);
    } catch (InterruptedException e) {
      return;
    }
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long before = mem.getHeapMemoryUsage().getCommitted();
    if (before <= SMALL_HEAP) {
      return; // a small or empty WAL: nothing worth a full collection
    }
    for (int i = 0; i < SHRINK_COLLECTIONS; i++) {
      System.gc();
      MemoryUsage u = mem.getHeapMemoryUsage();
      // A committed heap within the steady-state head room of the live set has nothing left to give.
      if (u.getCommitted() <= u.getUsed() + u.getUsed() / 4) {
        break;
      }
    }
    LOG.debug("heap after the WAL replay", "committed_before", before,
        "committed_after", mem.getHeapMemoryUsage().getCommitted());
  }
}
