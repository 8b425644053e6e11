package io.promethium.scrape.target;

/** Health of a target after its last scrape, spelled as in {@code /api/v1/targets}. */
public enum TargetHealth {
  UNKNOWN("unknown"),
  UP("up"),
  DOWN("down");

  private final String text;

  TargetHealth(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
