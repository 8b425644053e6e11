package io.promethium.scrape.target;

/**
 * What the last scrape of a target said. Immutable snapshot.
 *
 * @param lastError the error text, "" when the last scrape succeeded or none ran yet
 * @param lastScrapeMillis the scheduled (and sample) timestamp of the last scrape, 0 when none ran yet
 * @param lastScrapeDurationSeconds how long the last scrape took, fetch plus append
 */
public record TargetStatus(TargetHealth health, String lastError, long lastScrapeMillis,
    double lastScrapeDurationSeconds) {
  public static final TargetStatus INITIAL = new TargetStatus(TargetHealth.UNKNOWN, "", 0, 0);
}
