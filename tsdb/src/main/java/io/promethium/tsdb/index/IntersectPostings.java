package io.promethium.tsdb.index;

/**
 * References common to all inputs: leapfrog by seeking every input to the largest current value. Not
 * thread-safe.
 */
final class IntersectPostings implements Postings {
  private final Postings[] its;
  private long cur;
  private boolean started;
  private boolean done;

  IntersectPostings(Postings[] its) {
    this.its = its;
  }

  @Override
  public boolean next() {
    if (done) {
      return false;
    }
    if (!started) {
      started = true;
      for (Postings p : its) {
        if (!p.next()) {
          done = true;
          return false;
        }
      }
    } else if (!its[0].next()) {
      done = true;
      return false;
    }
    return align(its[0].at());
  }

  /** Seeks all inputs to {@code target} or beyond until they agree. */
  private boolean align(long target) {
    while (true) {
      boolean agreed = true;
      for (Postings p : its) {
        if (!p.seek(target)) {
          done = true;
          return false;
        }
        long at = p.at();
        if (at > target) {
          target = at;
          agreed = false;
        }
      }
      if (agreed) {
        cur = target;
        return true;
      }
    }
  }

  @Override
  public boolean seek(long v) {
    if (done) {
      return false;
    }
    if (started && cur >= v) {
      return true;
    }
    started = true;
    return align(v);
  }

  @Override
  public long at() {
    return cur;
  }
}
