/**
 * The time series database as a library: {@link io.promethium.tsdb.Tsdb} opens a Prometheus-compatible
 * data directory (head, WAL, blocks), takes appends, answers queries across blocks and head, and runs
 * compaction and retention in the background. See {@code docs/tsdb.md}.
 */
package io.promethium.tsdb;
