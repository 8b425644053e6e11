package io.promethium.server.cli;

/** How a flag's value is parsed and checked. */
enum FlagKind {
  STRING,
  BOOL,
  DURATION,
  BYTES,
  INT,
  /** One of a fixed set of words. */
  ENUM,
  /** May be given many times; values accumulate. */
  STRINGS,
  /** A float such as {@code 5e7} (read as a whole number). */
  FLOAT
}
