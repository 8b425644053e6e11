/**
 * Prometheus's write-ahead log: numbered segment files of 32 KiB pages holding CRC-protected record
 * fragments, optionally Snappy-compressed, plus checkpoints that compact the oldest segments. Byte
 * compatible with Prometheus 2.x {@code tsdb/wlog}; see {@code docs/format/wal.md}.
 */
package io.promethium.tsdb.wal;
