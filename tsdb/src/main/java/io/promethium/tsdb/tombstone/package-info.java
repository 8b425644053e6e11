/**
 * Tombstones: deleted time intervals per series of a block ({@link io.promethium.tsdb.tombstone.Intervals},
 * {@link io.promethium.tsdb.tombstone.Tombstones}) and their file format ({@code docs/format/tombstones.md}).
 */
package io.promethium.tsdb.tombstone;
