/**
 * Scheduling and ingestion: {@link io.promethium.scrape.loop.ScrapeManager} (jobs, reloads, discovery
 * updates, the API's view of targets), one pool per job, one {@code ScrapeLoop} per target (timers on the
 * Netty event loop, parsing and appending on a small worker pool), and
 * {@link io.promethium.scrape.loop.ScrapeIngester} with its scrape cache ({@code SeriesCache}) that keeps a
 * steady scrape free of label work.
 */
package io.promethium.scrape.loop;
