/**
 * The endpoints: {@code /api/v1/*} as Prometheus 2.48's {@code web/api/v1/api.go} (same parameters, JSON
 * and error texts), {@code /federate}, {@code /metrics} and the lifecycle endpoints, registered by
 * {@link io.promethium.http.api.Endpoints}.
 */
package io.promethium.http.api;
