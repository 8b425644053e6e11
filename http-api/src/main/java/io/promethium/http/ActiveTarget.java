package io.promethium.http;

import io.promethium.core.labels.Labels;
import io.promethium.core.metadata.MetricMetadata;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One scraped target, as {@code /api/v1/targets} lists it. Immutable snapshot.
 *
 * @param discoveredLabels labels before relabelling
 * @param labels labels after relabelling (the target's series labels)
 * @param scrapePool the job / scrape config name
 * @param scrapeUrl the URL scraped
 * @param globalUrl the URL as seen from outside; {@code null} or empty to derive it from the scrape URL and
 *     the external URL as Prometheus does (localhost replaced by the external host)
 * @param lastError the last scrape error, {@code ""} when none
 * @param lastScrapeMillis start of the last scrape (Unix ms), 0 if never scraped
 * @param lastScrapeDurationSeconds how long the last scrape took
 * @param health {@code up}, {@code down} or {@code unknown}
 * @param scrapeIntervalMillis the target's scrape interval
 * @param scrapeTimeoutMillis the target's scrape timeout
 * @param metadata metric family name to metadata last scraped from the target; may be {@code null}
 */
public record ActiveTarget(
    Labels discoveredLabels,
    Labels labels,
    String scrapePool,
    String scrapeUrl,
    String globalUrl,
    String lastError,
    long lastScrapeMillis,
    double lastScrapeDurationSeconds,
    String health,
    long scrapeIntervalMillis,
    long scrapeTimeoutMillis,
    Supplier<Map<String, MetricMetadata>> metadata) {}
