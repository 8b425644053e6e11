package io.promethium.scrape.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;

/**
 * The value of the {@code Authorization} header for a target: {@code basic_auth} or {@code authorization}
 * (type + credentials). A secret that comes from a file ({@code password_file}, {@code credentials_file})
 * is re-read when the file's modification time or size changes, so a rotating Kubernetes service-account
 * token is picked up without a reload; as in Prometheus the file content is trimmed of surrounding
 * whitespace. Thread-safe (the cached value is swapped atomically under a lock).
 */
public final class AuthorizationHeader {
  private final String prefix;
  private final String user;
  private final String staticSecret;
  private final Path file;
  private long lastModified = Long.MIN_VALUE;
  private long lastSize = -1;
  private String cached;

  private AuthorizationHeader(String prefix, String user, String staticSecret, Path file) {
    this.prefix = prefix;
    this.user = user;
    this.staticSecret = staticSecret;
    this.file = file;
  }

  /** {@code authorization: {type, credentials}}: the header is {@code "<type> <credentials>"}. */
  public static AuthorizationHeader credentials(String type, String credentials) {
    return new AuthorizationHeader(typeOrBearer(type) + " ", null, credentials, null);
  }

  /** {@code authorization: {type, credentials_file}}, re-read when the file changes. */
  public static AuthorizationHeader credentialsFile(String type, Path file) {
    return new AuthorizationHeader(typeOrBearer(type) + " ", null, null, file);
  }

  /** {@code basic_auth: {username, password}}. */
  public static AuthorizationHeader basic(String username, String password) {
    return new AuthorizationHeader("Basic ", username, password == null ? "" : password, null);
  }

  /** {@code basic_auth: {username, password_file}}, re-read when the file changes. */
  public static AuthorizationHeader basicPasswordFile(String username, Path file) {
    return new AuthorizationHeader("Basic ", username, null, file);
  }

  private static String typeOrBearer(String type) {
    return type == null || type.isEmpty() ? "Bearer" : type;
  }

  /** The header value for the next request. */
  public synchronized String value() throws ScrapeException {
    if (file == null) {
      if (cached == null) {
        cached = render(staticSecret);
      }
      return cached;
    }
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      long modified = attrs.lastModifiedTime().toMillis();
      if (cached == null || modified != lastModified || attrs.size() != lastSize) {
        String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        cached = render(secret);
        lastModified = modified;
        lastSize = attrs.size();
      }
      return cached;
    } catch (IOException e) {
      String what = user != null ? "password" : "credentials";
      throw new ScrapeException(ScrapeException.Kind.CONFIG,
          "unable to read " + what + " file " + file + ": " + e.getMessage());
    }
  }

  private String render(String secret) {
    if (user == null) {
      return prefix + secret;
    }
    String pair = user + ":" + secret;
    return prefix + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }
}
