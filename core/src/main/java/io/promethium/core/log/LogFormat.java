package io.promethium.core.log;

/** Output formats of {@code --log.format}. */
public enum LogFormat {
  /** {@code ts=... caller=... level=info msg="..." key=value}. */
  LOGFMT,
  /** One JSON object per line. */
  JSON;

  /** The format for a flag value ({@code logfmt}, {@code json}), or null when unknown. */
  public static LogFormat fromFlag(String s) {
    return switch (s) {
      case "logfmt" -> LOGFMT;
      case "json" -> JSON;
      default -> null;
    };
  }
}
