package io.promethium.tsdb.block;

import io.promethium.core.labels.Labels;
import io.promethium.tsdb.chunk.EncodedChunk;
import java.util.List;

/**
 * One series to be written into a block: its labels and its chunks in time order. Immutable.
 *
 * @param labels the series' labels
 * @param chunks encoded chunks sorted by {@code minTime}, not overlapping
 */
public record SeriesChunks(Labels labels, List<EncodedChunk> chunks) {
  public SeriesChunks {
    chunks = List.copyOf(chunks);
  }
}
