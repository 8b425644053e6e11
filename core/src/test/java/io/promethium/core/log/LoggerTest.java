package io.promethium.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoggerTest {
  private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

  @AfterEach
  void reset() {
    Logger.configure(LogLevel.INFO, LogFormat.LOGFMT, System.err);
  }

  private String output() {
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void logfmtLine() {
    Logger.configure(LogLevel.INFO, LogFormat.LOGFMT, new PrintStream(buf, true, StandardCharsets.UTF_8));
    Logger.get("tsdb").info("Head GC completed", "duration", "1.2ms", "path", "a b", "err", new RuntimeException("x=\"y\""));
    String line = output().strip();
    assertTrue(line.matches("ts=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z caller=LoggerTest\\.java:\\d+ "
        + "level=info component=tsdb msg=\"Head GC completed\" duration=1\\.2ms path=\"a b\" err=\"x=\\\\\"y\\\\\"\""),
        line);
  }

  @Test
  void levelFilters() {
    Logger.configure(LogLevel.WARN, LogFormat.LOGFMT, new PrintStream(buf, true, StandardCharsets.UTF_8));
    Logger log = Logger.get(null);
    log.info("hidden");
    log.debug("hidden");
    log.warn("shown");
    log.error("shown too");
    assertEquals(2, output().lines().count());
    assertTrue(output().contains("level=warn msg=shown"), output());
  }

  @Test
  void json() {
    Logger.configure(LogLevel.DEBUG, LogFormat.JSON, new PrintStream(buf, true, StandardCharsets.UTF_8));
    Logger.get("web").debug("Listening", "address", "0.0.0.0:9090", "dangling");
    String line = output().strip();
    assertTrue(line.startsWith("{\"ts\":\""), line);
    assertTrue(line.endsWith(",\"level\":\"debug\",\"component\":\"web\",\"msg\":\"Listening\","
        + "\"address\":\"0.0.0.0:9090\",\"dangling\":\"MISSING\"}"), line);
  }
}
