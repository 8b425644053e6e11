package io.promethium.core.config;

/**
 * {@code authorization:} header settings: {@code Authorization: <type> <credentials>}. Immutable. The
 * type defaults to {@code Bearer}; at most one of {@code credentials} and {@code credentialsFile} is set.
 */
public record Authorization(String type, String credentials, String credentialsFile) {
  public static final String DEFAULT_TYPE = "Bearer";

  public Authorization {
    if (type == null || type.isEmpty()) {
      type = DEFAULT_TYPE;
    }
  }

  @Override
  public String toString() {
    return "Authorization[type=" + type + ", credentials=<secret>, credentialsFile=" + credentialsFile + "]";
  }
}
