package io.promethium.tsdb.record;

import io.promethium.core.labels.Labels;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reads the records {@link RecordEncoder} writes (and Prometheus writes). Holds a scratch cursor, so one
 * decoder per thread. Label strings pass through an optional interner so that replay of millions of series
 * shares one copy of each repeated name and value.
 */
public final class RecordDecoder {
  private final DecodeBuffer dec = new DecodeBuffer();
  private final UnaryOperator<String> interner;
  /** When set, label strings come from here and {@link #interner} is not used. */
  private final Utf8Interner strings;

  public RecordDecoder() {
    this(UnaryOperator.identity());
  }

  public RecordDecoder(UnaryOperator<String> interner) {
    this.interner = interner;
    this.strings = null;
  }

  /** A decoder that takes label strings from {@code strings}, by their bytes (see {@link Utf8Interner}). */
  public RecordDecoder(Utf8Interner strings) {
    this.interner = UnaryOperator.identity();
    this.strings = strings;
  }

  private DecodeBuffer start(byte[] rec, int len, byte type) throws RecordDecodeException {
    dec.reset(rec, 0, len);
    int t = dec.byte1();
    if (t != (type & 0xFF)) {
      throw new RecordDecodeException("record type " + t + ", expected " + type);
    }
    return dec;
  }

  /** Appends the series of a type-1 record to {@code out}. */
  public void series(byte[] rec, int len, List<SeriesRecord> out) throws RecordDecodeException {
    DecodeBuffer d = start(rec, len, RecordType.SERIES);
    while (d.remaining() > 0) {
      long ref = d.be64();
      long n = d.uvarint();
      if (n < 0 || n > d.remaining()) {
        throw new RecordDecodeException("label count " + n + " exceeds record at byte " + d.position());
      }
      String[] pairs = new String[(int) n * 2];
      boolean sorted = true;
      for (int i = 0; i < pairs.length; i += 2) {
        if (strings != null) {
          pairs[i] = d.uvarintString(strings);
          pairs[i + 1] = d.uvarintString(strings);
        } else {
          pairs[i] = interner.apply(d.uvarintString());
          pairs[i + 1] = interner.apply(d.uvarintString());
        }
        if (i > 0 && pairs[i - 2].compareTo(pairs[i]) >= 0) {
          sorted = false;
        }
      }
      Labels labels;
      if (sorted) {
        labels = Labels.fromSortedPairs(pairs);
      } else {
        Labels.Builder b = Labels.builder();
        for (int i = 0; i < pairs.length; i += 2) {
          b.set(pairs[i], pairs[i + 1]);
        }
        labels = b.build();
      }
      out.add(new SeriesRecord(ref, labels));
    }
  }

  /** Appends the samples of a type-2 record to {@code out} (which is not cleared). */
  public void samples(byte[] rec, int len, SampleBatch out) throws RecordDecodeException {
    DecodeBuffer d = start(rec, len, RecordType.SAMPLES);
    if (d.remaining() == 0) {
      return;
    }
    long baseRef = d.be64();
    long baseT = d.be64();
    while (d.remaining() > 0) {
      long dref = d.varint();
      long dt = d.varint();
      long bits = d.be64();
      out.add(baseRef + dref, baseT + dt, Double.longBitsToDouble(bits));
    }
  }

  /** Appends the tombstones of a type-3 record to {@code out}. */
  public void tombstones(byte[] rec, int len, List<TombstoneRecord> out) throws RecordDecodeException {
    DecodeBuffer d = start(rec, len, RecordType.TOMBSTONES);
    while (d.remaining() > 0) {
      long ref = d.be64();
      long mint = d.varint();
      long maxt = d.varint();
      out.add(new TombstoneRecord(ref, mint, maxt));
    }
  }
}
