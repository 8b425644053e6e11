package io.promethium.server;

import io.promethium.core.log.Logger;

/**
 * Signal handling through {@code sun.misc.Signal} (module {@code jdk.unsupported}, present in every JDK we
 * target): SIGHUP reloads; SIGTERM and SIGINT stop the server so the process exits 0 as Prometheus does
 * (the JVM's own handling would exit 143). When a signal cannot be handled, reload stays possible through
 * {@code POST /-/reload} and termination falls back to the JVM shutdown hook. Stateless.
 */
final class Signals {
  private static final Logger LOG = Logger.get(null);

  private Signals() {}

  /** Runs {@code action} with the signal name ({@code TERM}, {@code INT}) on SIGTERM and SIGINT. */
  static void onTerminate(java.util.function.Consumer<String> action) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
          Thread t = new Thread(() -> action.accept(sig.getName()), "promethium-sig" + name.toLowerCase());
          t.start();
        });
      } catch (IllegalArgumentException | LinkageError e) {
        LOG.warn("Cannot handle SIG" + name + "; the JVM shutdown hook will stop the server", "err", e);
      }
    }
  }

  /** Runs {@code action} on its own thread each time the process receives SIGHUP. */
  static void onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
        Thread t = new Thread(action, "promethium-sighup");
        t.setDaemon(true);
        t.start();
      });
    } catch (IllegalArgumentException | LinkageError e) {
      LOG.warn("SIGHUP reload unavailable; use POST /-/reload with --web.enable-lifecycle", "err", e);
    }
  }
}
