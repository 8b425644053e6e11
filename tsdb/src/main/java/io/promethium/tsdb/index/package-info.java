/**
 * The block index (format V2, {@code docs/format/index.md}): {@link io.promethium.tsdb.index.IndexWriter},
 * {@link io.promethium.tsdb.index.IndexReader}, postings lists and their set operations ({@link
 * io.promethium.tsdb.index.Postings}), and label matcher evaluation over postings.
 */
package io.promethium.tsdb.index;
