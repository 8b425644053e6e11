/**
 * The in-memory head block: series with their open XOR chunk and references to full chunks in
 * {@code chunks_head/}, striped series maps, an in-memory postings index, the appender (WAL first, then
 * memory) and the head querier. Follows Prometheus 2.x {@code tsdb/head*.go}.
 */
package io.promethium.tsdb.head;
