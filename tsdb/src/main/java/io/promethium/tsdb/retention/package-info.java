/** Which blocks fall out of the retention window, by time and by size, as Prometheus's {@code db.go}. */
package io.promethium.tsdb.retention;
