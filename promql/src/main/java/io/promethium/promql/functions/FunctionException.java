package io.promethium.promql.functions;

/**
 * A function was called with arguments it cannot work with (for example a smoothing factor outside
 * (0, 1)). The engine reports the message as an execution error. Stackless: it can be thrown from the
 * per-step path.
 */
public final class FunctionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FunctionException(String message) {
    super(message, null, false, false);
  }
}
