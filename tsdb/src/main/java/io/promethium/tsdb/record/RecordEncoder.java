package io.promethium.tsdb.record;

import io.promethium.core.labels.Labels;
import io.promethium.tsdb.fileio.ByteEncoder;
import java.util.List;

/**
 * Writes WAL records in Prometheus's layout into an {@link ByteEncoder} (which it resets first).
 *
 * <pre>
 * series:     type=1 &lt;byte&gt;, { ref &lt;8b BE&gt;, n &lt;uvarint&gt;, { name &lt;uvarint str&gt;, value &lt;uvarint str&gt; } x n } ...
 * samples:    type=2 &lt;byte&gt;, baseRef &lt;8b BE&gt;, baseT &lt;8b BE&gt;, { dRef &lt;varint&gt;, dT &lt;varint&gt;, value bits &lt;8b BE&gt; } ...
 * tombstones: type=3 &lt;byte&gt;, { ref &lt;8b BE&gt;, minT &lt;varint&gt;, maxT &lt;varint&gt; } ...
 * </pre>
 *
 * Stateless and thread-safe; the buffers passed in are not.
 */
public final class RecordEncoder {
  private RecordEncoder() {}

  public static void series(List<SeriesRecord> series, ByteEncoder out) {
    out.reset();
    out.putByte(RecordType.SERIES);
    for (SeriesRecord s : series) {
      seriesEntry(s.ref(), s.labels(), out);
    }
  }

  /** Appends one series entry to a buffer that already starts with the series type byte. */
  public static void seriesEntry(long ref, Labels labels, ByteEncoder out) {
    out.putBe64(ref);
    out.putUvarint(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      out.putUvarintString(labels.name(i));
      out.putUvarintString(labels.value(i));
    }
  }

  /** Samples {@code [from, to)} of a batch. An empty range gives a record of just the type byte. */
  public static void samples(SampleBatch batch, int from, int to, ByteEncoder out) {
    out.reset();
    out.putByte(RecordType.SAMPLES);
    if (to <= from) {
      return;
    }
    long baseRef = batch.ref(from);
    long baseT = batch.timestamp(from);
    out.putBe64(baseRef);
    out.putBe64(baseT);
    for (int i = from; i < to; i++) {
      out.putVarint(batch.ref(i) - baseRef);
      out.putVarint(batch.timestamp(i) - baseT);
      out.putBe64(Double.doubleToRawLongBits(batch.value(i)));
    }
  }

  public static void tombstones(List<TombstoneRecord> stones, ByteEncoder out) {
    out.reset();
    out.putByte(RecordType.TOMBSTONES);
    for (TombstoneRecord t : stones) {
      out.putBe64(t.ref());
      out.putVarint(t.minT());
      out.putVarint(t.maxT());
    }
  }
}
