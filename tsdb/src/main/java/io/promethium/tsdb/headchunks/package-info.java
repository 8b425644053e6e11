/**
 * Head chunk files ({@code chunks_head/000001}, ...): full chunks of head series are written here and read
 * back through memory maps so they leave the Java heap. Byte compatible with Prometheus 2.x
 * {@code tsdb/chunks/head_chunks.go}; see {@code docs/format/head_chunks.md}.
 */
package io.promethium.tsdb.headchunks;
