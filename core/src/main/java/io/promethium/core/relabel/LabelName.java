package io.promethium.core.relabel;

/**
 * Label-name validity as Prometheus 2.x checks it ({@code model.LabelName.IsValid}, legacy scheme):
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}. Stateless and thread-safe.
 */
public final class LabelName {
  private LabelName() {}

  public static boolean isValid(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
