package io.promethium.tsdb.index;

/**
 * The union of several postings lists, each reference once: a binary min-heap of the inputs ordered by
 * their current reference (k-way merge, O(log k) per step). Not thread-safe.
 */
final class MergePostings implements Postings {
  private final Postings[] heap;
  private int size;
  private long cur;
  private boolean started;

  MergePostings(Postings[] its) {
    this.heap = its;
  }

  private void init() {
    started = true;
    size = 0;
    for (Postings p : heap.clone()) {
      if (p.next()) {
        heap[size++] = p;
      }
    }
    for (int i = size / 2 - 1; i >= 0; i--) {
      down(i);
    }
  }

  @Override
  public boolean next() {
    if (!started) {
      init();
      if (size == 0) {
        return false;
      }
      cur = heap[0].at();
      return true;
    }
    if (size == 0) {
      return false;
    }
    // Move every input sitting on the current reference past it.
    while (size > 0 && heap[0].at() == cur) {
      if (heap[0].next()) {
        down(0);
      } else {
        heap[0] = heap[--size];
        down(0);
      }
    }
    if (size == 0) {
      return false;
    }
    cur = heap[0].at();
    return true;
  }

  @Override
  public boolean seek(long v) {
    if (!started) {
      init();
      if (size == 0) {
        return false;
      }
      cur = heap[0].at();
    } else if (size == 0) {
      return false;
    }
    if (cur >= v) {
      return true;
    }
    while (size > 0 && heap[0].at() < v) {
      if (heap[0].seek(v)) {
        down(0);
      } else {
        heap[0] = heap[--size];
        down(0);
      }
    }
    if (size == 0) {
      return false;
    }
    cur = heap[0].at();
    return true;
  }

  @Override
  public long at() {
    return cur;
  }

  private void down(int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int m = l;
      if (l + 1 < size && heap[l + 1].at() < heap[l].at()) {
        m = l + 1;
      }
      if (heap[i].at() <= heap[m].at()) {
        return;
      }
      Postings t = heap[i];
      heap[i] = heap[m];
      heap[m] = t;
      i = m;
    }
  }
}
