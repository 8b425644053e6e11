/**
 * The Prometheus-compatible HTTP server on Netty. {@link io.promethium.http.WebServer} binds
 * {@code --web.listen-address}, serves the probes on the event loop and every other route on a worker pool;
 * {@link io.promethium.http.WebServerOptions} carries the {@code --web.*}/{@code --query.*} flags and
 * {@link io.promethium.http.ApiBackend} the narrow interfaces the server module implements
 * ({@link io.promethium.http.TargetRetriever}, {@link io.promethium.http.TsdbAdmin},
 * {@link io.promethium.http.TsdbStatus}, {@link io.promethium.http.Lifecycle},
 * {@link io.promethium.http.QueryEngine}), so this module depends on {@code core} and {@code promql} only.
 */
package io.promethium.http;
