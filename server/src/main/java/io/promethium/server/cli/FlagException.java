package io.promethium.server.cli;

/**
 * A command line that cannot be used; the message is kingpin's wording without the program prefix (e.g.
 * {@code unknown long flag '--x'}).
 */
public final class FlagException extends Exception {
  public FlagException(String message) {
    super(message, null, false, false);
  }
}
