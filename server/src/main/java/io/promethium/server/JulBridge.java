package io.promethium.server;

import io.promethium.core.log.LogLevel;
import io.promethium.core.log.Logger;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Routes {@code java.util.logging} (and so {@code System.Logger}, which defaults to it) into the
 * process {@link Logger}, so every module's lines share one format and honour {@code --log.level}. The
 * {@code component} is the module part of the logger name ({@code io.promethium.http.WebServer} →
 * {@code http}); libraries (Netty) keep their package as component. Thread-safe.
 */
final class JulBridge extends Handler {
  private static final Formatter MESSAGE = new SimpleFormatter();

  private JulBridge() {}

  /** Replaces the root JUL handlers with the bridge and sets the JUL level from {@code level}. */
  static void install(LogLevel level) {
    java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    root.addHandler(new JulBridge());
    root.setLevel(level == LogLevel.DEBUG ? Level.FINE : Level.INFO);
  }

  @Override
  public void publish(LogRecord r) {
    String name = r.getLoggerName() == null ? "" : r.getLoggerName();
    String component = name.startsWith("io.promethium.") ? name.split("\\.")[2] : packageOf(name);
    String source = r.getSourceClassName() != null ? r.getSourceClassName() : name;
    String caller = source.substring(source.lastIndexOf('.') + 1) + ".java";
    String msg = MESSAGE.formatMessage(r);
    Object[] kv = r.getThrown() == null ? new Object[0] : new Object[] {"err", r.getThrown()};
    Logger.get(component).logAt(level(r.getLevel()), caller, msg, kv);
  }

  private static String packageOf(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  private static LogLevel level(Level l) {
    int v = l.intValue();
    if (v >= Level.SEVERE.intValue()) {
      return LogLevel.ERROR;
    }
    if (v >= Level.WARNING.intValue()) {
      return LogLevel.WARN;
    }
    if (v >= Level.INFO.intValue()) {
      return LogLevel.INFO;
    }
    return LogLevel.DEBUG;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
