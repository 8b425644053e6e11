package io.promethium.core.config;

/**
 * {@code basic_auth:} credentials. Immutable. Exactly one of {@code password} and {@code passwordFile}
 * may be set (either may be null); the file is read at request time so rotations are picked up.
 */
public record BasicAuth(String username, String password, String passwordFile) {
  /** Hides the password, as Prometheus prints {@code <secret>}. */
  @Override
  public String toString() {
    return "BasicAuth[username=" + username + ", password=<secret>, passwordFile=" + passwordFile + "]";
  }
}
