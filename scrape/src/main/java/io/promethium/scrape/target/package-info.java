/**
 * Scrape targets: how discovered labels plus a job's defaults and {@code relabel_configs} become a
 * target's labels and URL ({@link io.promethium.scrape.target.TargetLabels}), and what the API shows about
 * each target ({@link io.promethium.scrape.target.Target}, {@link io.promethium.scrape.target.TargetStatus}).
 */
package io.promethium.scrape.target;
