package io.promethium.server;

import io.promethium.core.log.Logger;

/**
 * SIGHUP handling through {@code sun.misc.Signal} (module {@code jdk.unsupported}, present in every JDK we
 * target); when unavailable, reload stays possible through {@code POST /-/reload}. SIGTERM and SIGINT are
 * left to the JVM, which runs the shutdown hook. Stateless.
 */
final class Signals {
  private static final Logger LOG = Logger.get(null);

  private Signals() {}

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
