package io.promethium.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.log.LogFormat;
import io.promethium.core.log.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlagParserTest {
  private static Flags flags(String... args) throws FlagException {
    CommandLine cl = FlagParser.parse(args);
    assertEquals(CommandLine.Action.RUN, cl.action());
    return cl.flags();
  }

  @Test
  void defaultsAsPrometheus() throws Exception {
    Flags f = flags();
    assertEquals("prometheus.yml", f.configFile());
    assertEquals("data/", f.storagePath());
    assertEquals("0.0.0.0:9090", f.listenAddress());
    assertEquals(Duration.ofDays(15), f.retention());
    assertEquals(0, f.retentionSize());
    assertEquals(Duration.ofMinutes(5), f.lookbackDelta());
    assertEquals(Duration.ofMinutes(2), f.queryTimeout());
    assertEquals(20, f.queryMaxConcurrency());
    assertEquals(50_000_000, f.queryMaxSamples());
    assertEquals(".*", f.corsOrigin());
    assertEquals(LogLevel.INFO, f.logLevel());
    assertEquals(LogFormat.LOGFMT, f.logFormat());
    assertEquals(Duration.ofHours(2), f.minBlockDuration());
    assertEquals(Duration.ofHours(36), f.maxBlockDuration()); // 10% of 15d
    assertTrue(f.walCompression());
    assertFalse(f.enableLifecycle());
    assertFalse(f.isSet("config.file"));
    assertEquals(null, f.externalUrl());
  }

  @Test
  void bothValueForms() throws Exception {
    Flags f = flags("--config.file=/etc/p.yml", "--storage.tsdb.path", "/data", "--web.listen-address=:9091",
        "--storage.tsdb.retention.time", "30d", "--log.level=debug", "--log.format", "json");
    assertEquals("/etc/p.yml", f.configFile());
    assertEquals("/data", f.storagePath());
    assertEquals(":9091", f.listenAddress());
    assertEquals(Duration.ofDays(30), f.retention());
    assertEquals(Duration.ofDays(3), f.maxBlockDuration());
    assertEquals(LogLevel.DEBUG, f.logLevel());
    assertEquals(LogFormat.JSON, f.logFormat());
    assertTrue(f.isSet("config.file"));
  }

  @Test
  void booleansAndNegation() throws Exception {
    Flags f = flags("--web.enable-lifecycle", "--web.enable-admin-api=true", "--no-storage.tsdb.wal-compression");
    assertTrue(f.enableLifecycle());
    assertTrue(f.enableAdminApi());
    assertFalse(f.walCompression());
    assertEquals("false", f.asMap().get("storage.tsdb.wal-compression"));
  }

  @Test
  void retentionRules() throws Exception {
    assertEquals(Duration.ofDays(7), flags("--storage.tsdb.retention=7d").retention());
    assertEquals(Duration.ofDays(2), flags("--storage.tsdb.retention=7d", "--storage.tsdb.retention.time=2d")
        .retention());
    Flags sizeOnly = flags("--storage.tsdb.retention.size=10GB");
    assertEquals(10L << 30, sizeOnly.retentionSize());
    assertEquals(Duration.ZERO, sizeOnly.retention());
    assertEquals(Duration.ofDays(31), sizeOnly.maxBlockDuration());
    assertEquals(512L << 20, flags("--storage.tsdb.retention.size", "512MB").retentionSize());
  }

  @Test
  void featuresRepeatAndSplit() throws Exception {
    Flags f = flags("--enable-feature=exemplar-storage,native-histograms", "--enable-feature", "promql-at-modifier",
        "--enable-feature=exemplar-storage");
    assertEquals(List.of("exemplar-storage", "native-histograms", "promql-at-modifier"), f.features());
  }

  @Test
  void mapListsEveryFlag() throws Exception {
    Flags f = flags("--query.timeout=30s");
    assertEquals(PrometheusFlags.ALL.size() - 4, f.asMap().size()); // not help, help-long, help-man, version
    assertEquals(null, f.asMap().get("help"));
    assertEquals("0s", f.asMap().get("storage.tsdb.retention.time"));
    assertEquals("0B", f.asMap().get("storage.tsdb.retention.size"));
    assertEquals("1d12h", f.asMap().get("storage.tsdb.max-block-duration"));
    assertEquals("50000000", f.asMap().get("storage.remote.read-sample-limit"));
    assertEquals("/", f.asMap().get("web.route-prefix"));
    assertEquals("/prom", flags("--web.external-url=http://shop.example/prom/").asMap().get("web.route-prefix"));
    assertEquals("30s", f.asMap().get("query.timeout"));
    assertEquals("5m", f.asMap().get("query.lookback-delta"));
    assertEquals("prometheus.yml", f.asMap().get("config.file"));
    assertEquals("", f.asMap().get("web.external-url"));
    assertEquals("false", f.asMap().get("web.enable-lifecycle"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--x|unknown long flag '--x'",
    "--config.fil=a|unknown long flag '--config.fil'",
    "-x|unknown short flag '-x'",
    "--query.timeout=abc|not a valid duration string: \"abc\" for flag '--query.timeout'",
    "--log.level=trace|enum value must be one of debug,info,warn,error, got 'trace'",
    "--storage.tsdb.retention.size=10XB|units: unknown unit XB in 10XB for flag '--storage.tsdb.retention.size'",
    "--query.max-concurrency=many|strconv.ParseInt: parsing \"many\": invalid syntax for flag '--query.max-concurrency'",
    "--config.file|expected argument for flag '--config.file'",
    "stray|unexpected stray",
  })
  void errors(String arg, String message) {
    FlagException e = assertThrows(FlagException.class, () -> FlagParser.parse(new String[] {arg}));
    assertEquals(message, e.getMessage());
  }

  @Test
  void flagAfterValuelessFlagIsNotItsValue() {
    FlagException e = assertThrows(FlagException.class,
        () -> FlagParser.parse(new String[] {"--config.file", "--web.enable-lifecycle"}));
    assertEquals("expected argument for flag '--config.file'", e.getMessage());
  }

  @Test
  void helpVersionAndCheck() throws Exception {
    assertEquals(CommandLine.Action.HELP, FlagParser.parse(new String[] {"--help"}).action());
    assertEquals(CommandLine.Action.HELP, FlagParser.parse(new String[] {"-h"}).action());
    assertEquals(CommandLine.Action.VERSION, FlagParser.parse(new String[] {"--version"}).action());
    CommandLine c = FlagParser.parse(new String[] {"check", "config", "a.yml", "b.yml"});
    assertEquals(CommandLine.Action.CHECK_CONFIG, c.action());
    assertEquals(List.of("a.yml", "b.yml"), c.files());
    assertThrows(FlagException.class, () -> FlagParser.parse(new String[] {"check", "config"}));
  }

  @Test
  void usageListsVisibleFlags() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Usage.print(new PrintStream(buf, true, StandardCharsets.UTF_8));
    String text = buf.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("usage: promethium [<flags>]"), text);
    assertTrue(text.contains("      --config.file=\"prometheus.yml\""), text);
    assertTrue(text.contains("      --query.timeout=2m         Maximum time a query may take"), text);
    assertTrue(text.contains("  -h, --help "), text);
    assertFalse(text.contains("--storage.tsdb.min-block-duration"), "hidden flag listed");
    for (String line : text.split("\n")) {
      assertTrue(line.length() <= 100, line);
    }
  }
}
