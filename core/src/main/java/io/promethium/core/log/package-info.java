/**
 * Process-wide structured logging ({@link io.promethium.core.log.Logger}) in Prometheus's logfmt or JSON
 * line format, without a logging library.
 */
package io.promethium.core.log;
