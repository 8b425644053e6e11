/**
 * Service discovery: {@link io.promethium.discovery.Discoverer}s produce
 * {@link io.promethium.core.discovery.TargetGroup}s ({@link io.promethium.discovery.StaticDiscovery} for
 * {@code static_configs}, {@link io.promethium.discovery.file.FileDiscovery} for {@code file_sd_configs}) and
 * the {@link io.promethium.discovery.DiscoveryManager} merges them per job into coalesced snapshots for the
 * scrape manager, as Prometheus's {@code discovery} package.
 */
package io.promethium.discovery;
