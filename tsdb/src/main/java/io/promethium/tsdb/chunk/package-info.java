/**
 * Chunks: the XOR (Gorilla) float encoding ({@link io.promethium.tsdb.chunk.XorChunk}, {@link
 * io.promethium.tsdb.chunk.XorIterator}) and the chunk segment files of a block ({@link
 * io.promethium.tsdb.chunk.ChunkWriter}, {@link io.promethium.tsdb.chunk.ChunkReader}); byte-compatible with
 * Prometheus 2.x, described in {@code docs/format/chunks.md}.
 */
package io.promethium.tsdb.chunk;
