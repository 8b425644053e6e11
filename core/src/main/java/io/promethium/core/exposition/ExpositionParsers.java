package io.promethium.core.exposition;

import java.util.Locale;

/**
 * Chooses the parser for a scrape response's {@code Content-Type}, as Prometheus's {@code textparse.New}:
 * {@code application/openmetrics-text} (any version or parameters) gets the {@link OpenMetricsParser};
 * anything else, including a missing or unknown type, gets the {@link PromTextParser}. Stateless.
 */
public final class ExpositionParsers {
  /** The media type that selects OpenMetrics. */
  public static final String OPENMETRICS_MEDIA_TYPE = "application/openmetrics-text";

  private ExpositionParsers() {}

  /**
   * A new parser over {@code buf[offset, offset+length)}.
   *
   * @param contentType the response's Content-Type header value, or {@code null}
   */
  public static ExpositionParser forContentType(String contentType, byte[] buf, int offset, int length) {
    return isOpenMetrics(contentType)
        ? new OpenMetricsParser(buf, offset, length)
        : new PromTextParser(buf, offset, length);
  }

  /**
   * Like {@link #forContentType} but reuses {@code previous} (reset onto the new body) when it is a parser
   * of the kind the Content-Type selects, so a scrape loop allocates no parser per scrape.
   *
   * @param previous the parser of the last scrape, or {@code null}
   */
  public static ExpositionParser reuse(ExpositionParser previous, String contentType, byte[] buf, int offset,
      int length) {
    boolean om = isOpenMetrics(contentType);
    if (om && previous instanceof OpenMetricsParser p) {
      p.reset(buf, offset, length);
      return p;
    }
    if (!om && previous instanceof PromTextParser p) {
      p.reset(buf, offset, length);
      return p;
    }
    return forContentType(contentType, buf, offset, length);
  }

  /** Whether the Content-Type selects OpenMetrics (media type compared without case and parameters). */
  public static boolean isOpenMetrics(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return media.equals(OPENMETRICS_MEDIA_TYPE);
  }
}
