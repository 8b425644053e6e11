package io.promethium.core.exposition;

import io.promethium.core.labels.Labels;
import io.promethium.core.metadata.MetricType;

/**
 * A pull parser over one exposition body held in a byte array (text format 0.0.4 or OpenMetrics 1.0).
 *
 * <p>Each {@link #next()} moves to the next entry and returns its kind; the accessors then describe that
 * entry. Byte views ({@link #seriesStart()}/{@link #seriesEnd()} into {@link #buffer()}) are valid until the
 * next call to {@code next()}. The steady state allocates nothing per sample: a scrape cache keys on the raw
 * series bytes and calls {@link #labels(Labels.Builder)} only for series it has not seen. Not thread-safe.
 */
public interface ExpositionParser {
  /** Kinds of entry. */
  enum Entry {
    /** A sample: series bytes, value, optional timestamp, optional exemplar. */
    SERIES,
    /** {@code # TYPE name type}. */
    TYPE,
    /** {@code # HELP name text}. */
    HELP,
    /** {@code # UNIT name unit} (OpenMetrics). */
    UNIT,
    /** Any other comment line. */
    COMMENT,
    /** The end of the body ({@code # EOF} in OpenMetrics, end of input in text format). */
    EOF
  }

  /**
   * Moves to the next entry.
   *
   * @throws ExpositionParseException with line, column and what was expected, on malformed input
   */
  Entry next() throws ExpositionParseException;

  /** The body being parsed. */
  byte[] buffer();

  /**
   * Start (inclusive) of the current sample's series text in {@link #buffer()}: metric name and label set
   * as written, e.g. {@code http_requests_total{code="200"}}, without value or timestamp. Two samples of
   * the same series in the same format give the same bytes.
   */
  int seriesStart();

  /** End (exclusive) of the current sample's series text. */
  int seriesEnd();

  /** Value of the current sample; NaN and ±Inf as written. */
  double value();

  /** Whether the current sample carries a timestamp. */
  boolean hasTimestamp();

  /** Timestamp of the current sample in milliseconds (OpenMetrics seconds are converted). */
  long timestamp();

  /**
   * Parses the labels of the current sample, including {@code __name__}, unescaped and sorted. Allocates:
   * call on scrape-cache misses only.
   *
   * @param builder a builder to reuse (it is reset), or {@code null}
   */
  Labels labels(Labels.Builder builder);

  /**
   * The exemplar of the current sample, or {@code null} when it has none (always none in text 0.0.4).
   * Allocates.
   */
  io.promethium.core.storage.Exemplar exemplar();

  /** Metric family name of the current TYPE, HELP or UNIT entry. */
  String metadataName();

  /** Type of the current TYPE entry. */
  MetricType type();

  /** Help text of the current HELP entry, unescaped. */
  String help();

  /** Unit of the current UNIT entry. */
  String unit();

  /** Line number (1-based) of the current entry, for messages. */
  int line();
}
