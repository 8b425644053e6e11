/**
 * The scrape HTTP client: a Netty HTTP/1.1 client on one shared event loop group, one keep-alive
 * connection per target, its own response framing ({@code ResponseDecoder}: no codec objects per read),
 * bodies copied (and gunzipped) straight from the socket buffers into a reusable per-target byte array
 * with Prometheus's {@code body_size_limit}, {@code scrape_timeout}, TLS, basic auth, bearer credentials
 * (re-read when their file changes), redirects and error texts.
 */
package io.promethium.scrape.client;
