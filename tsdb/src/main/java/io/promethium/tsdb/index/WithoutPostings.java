package io.promethium.tsdb.index;

/** References of one list that are absent from another. Not thread-safe. */
final class WithoutPostings implements Postings {
  private final Postings full;
  private final Postings drop;
  private boolean dropDone;

  WithoutPostings(Postings full, Postings drop) {
    this.full = full;
    this.drop = drop;
  }

  @Override
  public boolean next() {
    if (!full.next()) {
      return false;
    }
    return skipDropped();
  }

  @Override
  public boolean seek(long v) {
    if (!full.seek(v)) {
      return false;
    }
    return skipDropped();
  }

  private boolean skipDropped() {
    while (true) {
      long c = full.at();
      if (dropDone) {
        return true;
      }
      if (!drop.seek(c)) {
        dropDone = true;
        return true;
      }
      if (drop.at() != c) {
        return true;
      }
      if (!full.next()) {
        return false;
      }
    }
  }

  @Override
  public long at() {
    return full.at();
  }
}
