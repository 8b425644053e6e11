/**
 * Encoding and decoding of the records Prometheus writes into its write-ahead log: series (type 1),
 * float samples (type 2) and tombstones (type 3). Other record types (exemplars, mmap markers, metadata,
 * native histograms) are recognised by their type byte and skipped by readers. The byte layout matches
 * Prometheus 2.x {@code tsdb/record/record.go}; see {@code docs/format/wal.md}.
 */
package io.promethium.tsdb.record;
