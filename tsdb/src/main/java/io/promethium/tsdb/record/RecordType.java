package io.promethium.tsdb.record;

/**
 * The first byte of a WAL record, as numbered by Prometheus. Only {@link #SERIES}, {@link #SAMPLES} and
 * {@link #TOMBSTONES} are written by Promethium; the rest are read only to be skipped.
 */
public final class RecordType {
  public static final byte UNKNOWN = (byte) 255;
  public static final byte SERIES = 1;
  public static final byte SAMPLES = 2;
  public static final byte TOMBSTONES = 3;
  public static final byte EXEMPLARS = 4;
  public static final byte MMAP_MARKERS = 5;
  public static final byte METADATA = 6;
  public static final byte HISTOGRAM_SAMPLES = 7;
  public static final byte FLOAT_HISTOGRAM_SAMPLES = 8;

  private RecordType() {}

  /** The type of an encoded record, or {@link #UNKNOWN} when empty or not a known type. */
  public static byte of(byte[] rec, int len) {
    if (len < 1) {
      return UNKNOWN;
    }
    byte t = rec[0];
    return t >= SERIES && t <= FLOAT_HISTOGRAM_SAMPLES ? t : UNKNOWN;
  }
}
