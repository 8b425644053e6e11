/** A streaming JSON writer into Netty buffers with Prometheus's spelling of sample values and timestamps. */
package io.promethium.http.json;
