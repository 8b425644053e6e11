package io.promethium.http;

/** What {@code /api/v1/status/buildinfo} reports. Immutable. */
public record BuildInfo(String version, String revision, String branch, String buildUser, String buildDate,
    String goVersion) {
  /** Our own version string with the JVM in place of Go's version. */
  public static BuildInfo current() {
    Package p = BuildInfo.class.getPackage();
    String v = p != null && p.getImplementationVersion() != null ? p.getImplementationVersion() : "0.1.0";
    return new BuildInfo(v, "unknown", "unknown", "unknown", "unknown", "java" + System.getProperty("java.version"));
  }
}
