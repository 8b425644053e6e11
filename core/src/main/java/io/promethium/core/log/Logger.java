package io.promethium.core.log;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A small structured logger writing Prometheus-style lines to stderr, in logfmt
 * ({@code ts=2026-01-02T03:04:05.678Z caller=Head.java:120 level=info component=tsdb msg="..." k=v}) or
 * JSON. One process-wide level and format, set once by the server from {@code --log.level} and {@code
 * --log.format}; components get a named instance with {@link #get(String)}. Thread-safe: each line is
 * written with one call under a lock. A {@link Throwable} value prints as its message, never a stack.
 *
 * <pre>{@code
 * private static final Logger LOG = Logger.get("tsdb");
 * LOG.info("Compaction done", "block", ulid, "duration", took);
 * }</pre>
 */
public final class Logger {
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final StackWalker WALKER = StackWalker.getInstance();
  private static final Object LOCK = new Object();

  private static volatile LogLevel level = LogLevel.INFO;
  private static volatile LogFormat format = LogFormat.LOGFMT;
  private static volatile PrintStream out = System.err;

  private final String component;

  private Logger(String component) {
    this.component = component;
  }

  /** A logger whose lines carry {@code component=<name>}; null or empty for none. */
  public static Logger get(String component) {
    return new Logger(component == null || component.isEmpty() ? null : component);
  }

  /** Sets the process-wide level, format and destination. */
  public static void configure(LogLevel newLevel, LogFormat newFormat, PrintStream newOut) {
    level = newLevel;
    format = newFormat;
    out = newOut;
  }

  public static LogLevel level() {
    return level;
  }

  public boolean isEnabled(LogLevel l) {
    return l.ordinal() >= level.ordinal();
  }

  public void debug(String msg, Object... keyValues) {
    log(LogLevel.DEBUG, msg, keyValues);
  }

  public void info(String msg, Object... keyValues) {
    log(LogLevel.INFO, msg, keyValues);
  }

  public void warn(String msg, Object... keyValues) {
    log(LogLevel.WARN, msg, keyValues);
  }

  public void error(String msg, Object... keyValues) {
    log(LogLevel.ERROR, msg, keyValues);
  }

  /** Logs {@code msg} with alternating keys and values (a trailing key gets the value {@code MISSING}). */
  public void log(LogLevel l, String msg, Object... keyValues) {
    if (!isEnabled(l)) {
      return;
    }
    logAt(l, caller(), msg, keyValues);
  }

  /**
   * Logs with an explicit {@code caller} (e.g. {@code WebServer.java}), for bridges from other logging
   * APIs where the stack would only show the bridge.
   */
  public void logAt(LogLevel l, String caller, String msg, Object... keyValues) {
    if (!isEnabled(l)) {
      return;
    }
    String ts = TS.format(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    StringBuilder sb = new StringBuilder(128);
    if (format == LogFormat.JSON) {
      sb.append('{');
      jsonField(sb, "ts", ts, true);
      jsonField(sb, "caller", caller, false);
      jsonField(sb, "level", l.flagName(), false);
      if (component != null) {
        jsonField(sb, "component", component, false);
      }
      jsonField(sb, "msg", msg, false);
      for (int i = 0; i < keyValues.length; i += 2) {
        jsonField(sb, String.valueOf(keyValues[i]), value(keyValues, i + 1), false);
      }
      sb.append('}');
    } else {
      sb.append("ts=").append(ts);
      logfmtField(sb, "caller", caller);
      logfmtField(sb, "level", l.flagName());
      if (component != null) {
        logfmtField(sb, "component", component);
      }
      logfmtField(sb, "msg", msg);
      for (int i = 0; i < keyValues.length; i += 2) {
        logfmtField(sb, String.valueOf(keyValues[i]), value(keyValues, i + 1));
      }
    }
    PrintStream o = out;
    synchronized (LOCK) {
      o.println(sb);
      o.flush();
    }
  }

  private static String value(Object[] kv, int i) {
    if (i >= kv.length) {
      return "MISSING";
    }
    Object v = kv[i];
    if (v instanceof Throwable t) {
      return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
    return String.valueOf(v);
  }

  private static String caller() {
    Optional<StackWalker.StackFrame> f =
        WALKER.walk(s -> s.dropWhile(fr -> fr.getClassName().equals(Logger.class.getName())).findFirst());
    return f.map(fr -> (fr.getFileName() != null ? fr.getFileName() : fr.getClassName()) + ":" + fr.getLineNumber())
        .orElse("unknown");
  }

  static void logfmtField(StringBuilder sb, String key, String v) {
    sb.append(' ').append(key).append('=');
    boolean quote = v.isEmpty();
    for (int i = 0; i < v.length() && !quote; i++) {
      char c = v.charAt(i);
      quote = c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7f;
    }
    if (!quote) {
      sb.append(v);
      return;
    }
    sb.append('"');
    escape(sb, v);
    sb.append('"');
  }

  private static void jsonField(StringBuilder sb, String key, String v, boolean first) {
    if (!first) {
      sb.append(',');
    }
    sb.append('"');
    escape(sb, key);
    sb.append("\":\"");
    escape(sb, v);
    sb.append('"');
  }

  private static void escape(StringBuilder sb, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
  }
}
