package io.promethium.core.storage;

/**
 * Prometheus's staleness marker: a NaN with a particular bit pattern, distinct from a plain NaN (whose
 * bits are {@code 0x7ff8000000000001} in Go).
 */
public final class StaleNaN {
  /** The staleness marker bits, as written to the WAL and chunks. */
  public static final long BITS = 0x7ff0000000000002L;
  public static final double VALUE = Double.longBitsToDouble(BITS);

  private StaleNaN() {}

  /** Whether the value is the staleness marker (not any NaN). */
  public static boolean is(double v) {
    return Double.doubleToRawLongBits(v) == BITS;
  }
}
