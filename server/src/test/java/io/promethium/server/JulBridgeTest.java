package io.promethium.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.log.LogFormat;
import io.promethium.core.log.LogLevel;
import io.promethium.core.log.Logger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JulBridgeTest {
  @AfterEach
  void reset() {
    Logger.configure(LogLevel.INFO, LogFormat.LOGFMT, System.err);
  }

  @Test
  void julAndSystemLoggerLinesUseTheProcessFormat() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Logger.configure(LogLevel.INFO, LogFormat.LOGFMT, new PrintStream(buf, true, StandardCharsets.UTF_8));
    JulBridge.install(LogLevel.INFO);
    java.util.logging.Logger.getLogger("io.promethium.http.WebServer")
        .info("Start listening for connections address=127.0.0.1:9090");
    System.getLogger("io.promethium.scrape.loop.ScrapeManager")
        .log(System.Logger.Level.WARNING, "target {0} failed", "a:1");
    java.util.logging.Logger.getLogger("io.netty.Foo").fine("hidden at info");
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("caller=JulBridgeTest.java level=info component=http msg=\"Start listening for"
        + " connections address=127.0.0.1:9090\""), out);
    assertTrue(out.contains("level=warn component=scrape msg=\"target a:1 failed\""), out);
    assertFalse(out.contains("hidden"), out);
  }
}
