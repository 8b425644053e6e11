package io.promethium.tsdb.head;

import java.util.ArrayList;
import java.util.List;

/**
 * The head's series by ref: a directory of pages of {@value #PAGE} slots, slot {@code ref & (PAGE-1)} of
 * page {@code ref >>> PAGE_BITS}. The head hands refs out in sequence (so do Prometheus's WALs), and a
 * scrape appends its series in the order they were created, so a lookup is one mostly sequential slot
 * read instead of a hash probe (which was two to three cache misses per appended sample at 100k series).
 * Dense refs cost 4 bytes a series.
 *
 * <p>Refs that do not fill pages go to an overflow hash table ({@link SeriesRefTables}, one table):
 *
 * <ul>
 *   <li>Every page but the newest holds at least {@value #MIN_LIVE} series: a page that falls below that by
 *       removals (churn), or is left below it when a higher page is opened (sparse refs), moves its
 *       survivors to the overflow table and is freed. So a page costs at most 4 KiB / 64 = 64 bytes per
 *       series it holds, the newest page aside; an emptied page is freed at once.
 *   <li>The directory spans at most 4 pages per page held (plus {@value #MIN_SPAN}): when refs jump (a WAL
 *       starting at ref 50,000,000 after a small checkpoint, years of churn under one long-lived page), the
 *       lowest pages move to the overflow table, so the directory never grows with the ref values
 *       themselves, only with the series held.
 * </ul>
 *
 * <p>A series in the overflow table costs one hash probe per lookup and 4-8 bytes, as before this index.
 *
 * <p>Thread-safe. Writes take one lock; {@link #get} runs without it, racing with writes: it never
 * returns a wrong series (a slot or overflow entry only ever holds the series of its own ref, and
 * {@link MemSeries#ref} is final) but may miss one being added or moved, so a miss is retried under the
 * lock. The head creates series far less often than it appends samples, so one lock for all writes is
 * enough.
 */
final class SeriesRefIndex {
  static final int PAGE_BITS = 10;
  static final int PAGE = 1 << PAGE_BITS;
  private static final int SLOT_MASK = PAGE - 1;
  /** Below this many series a page that is not the newest moves them to the overflow table. */
  static final int MIN_LIVE = PAGE / 16;
  /** Directory span (in pages) allowed regardless of the pages held. */
  static final int MIN_SPAN = 64;

  /** Pages {@code basePage .. basePage + pages.length - 1}; replaced as a whole when it must move or grow. */
  private static final class Directory {
    final long basePage;
    final MemSeries[][] pages;
    /** Series per page; read and written under the lock only. */
    final int[] counts;

    Directory(long basePage, int capacity) {
      this.basePage = basePage;
      this.pages = new MemSeries[capacity][];
      this.counts = new int[capacity];
    }
  }

  private final Object lock = new Object();
  private volatile Directory dir = new Directory(0, 0);
  /** Refs whose page is not held; guarded by {@link #lock} for writes. */
  private final SeriesRefTables overflow = new SeriesRefTables(1);
  // Guarded by lock.
  private int pagesHeld;
  /** Page number of the newest (highest) page opened; meaningful when pagesHeld > 0. */
  private long topPage = -1;
  private int size;

  /** The series with this ref, or {@code null}. */
  MemSeries get(long ref) {
    MemSeries s = getRacy(ref);
    if (s != null) {
      return s;
    }
    synchronized (lock) {
      return getRacy(ref);
    }
  }

  private MemSeries getRacy(long ref) {
    Directory d = dir;
    long p = (ref >>> PAGE_BITS) - d.basePage;
    MemSeries[][] pages = d.pages;
    if (p >= 0 && p < pages.length) {
      MemSeries[] page = pages[(int) p];
      if (page != null) {
        MemSeries s = page[(int) ref & SLOT_MASK];
        if (s != null && s.ref == ref) {
          return s;
        }
      }
    }
    return overflow.get(0, ref);
  }

  /** Adds {@code s} under its ref, replacing a series with the same ref. */
  void put(MemSeries s) {
    long ref = s.ref;
    long pn = ref >>> PAGE_BITS;
    synchronized (lock) {
      int idx = indexOf(dir, pn);
      if (idx < 0 && (pagesHeld == 0 || pn >= topPage)) {
        idx = openPage(pn);
      }
      if (idx < 0) {
        int before = overflow.size(0);
        overflow.put(0, s);
        size += overflow.size(0) - before;
        return;
      }
      if (overflow.size(0) > 0 && overflow.get(0, ref) != null) {
        overflow.remove(0, ref); // the page now holds it: keep every ref in one place
        size--;
      }
      Directory d = dir;
      MemSeries[] page = d.pages[idx];
      int slot = (int) ref & SLOT_MASK;
      if (page[slot] == null) {
        d.counts[idx]++;
        size++;
      }
      page[slot] = s;
    }
  }

  /** Removes the series with this ref, if held. */
  void remove(long ref) {
    long pn = ref >>> PAGE_BITS;
    synchronized (lock) {
      Directory d = dir;
      int idx = indexOf(d, pn);
      int slot = (int) ref & SLOT_MASK;
      if (idx >= 0 && d.pages[idx][slot] != null) {
        d.pages[idx][slot] = null;
        size--;
        int left = --d.counts[idx];
        if (left == 0) {
          dropPage(d, idx);
        } else if (left < MIN_LIVE && pn != topPage) {
          spillPage(d, idx);
        }
        return;
      }
      int before = overflow.size(0);
      overflow.remove(0, ref);
      size -= before - overflow.size(0);
    }
  }

  /** A snapshot of every series held (so the caller may take series locks while visiting). */
  List<MemSeries> snapshot() {
    synchronized (lock) {
      List<MemSeries> out = new ArrayList<>(size);
      for (MemSeries[] page : dir.pages) {
        if (page != null) {
          for (MemSeries s : page) {
            if (s != null) {
              out.add(s);
            }
          }
        }
      }
      overflow.forEach(0, out::add);
      return out;
    }
  }

  int size() {
    synchronized (lock) {
      return size;
    }
  }

  /** Series held in the overflow table, for tests of the bounds. */
  int overflowSize() {
    synchronized (lock) {
      return overflow.size(0);
    }
  }

  /** Pages held, for tests of the bounds. */
  int pagesHeld() {
    synchronized (lock) {
      return pagesHeld;
    }
  }

  /** Directory length in pages, for tests of the bounds. */
  int directoryLength() {
    return dir.pages.length;
  }

  /** Index of page {@code pn} in {@code d}, or -1 when it is not held. */
  private static int indexOf(Directory d, long pn) {
    long p = pn - d.basePage;
    if (p < 0 || p >= d.pages.length || d.pages[(int) p] == null) {
      return -1;
    }
    return (int) p;
  }

  /** Opens page {@code pn} (not held, at or above the newest) and returns its index; keeps the bounds. */
  private int openPage(long pn) {
    if (pagesHeld > 0 && pn > topPage) {
      // The old newest page is now passed: it must hold its share or spill.
      Directory d = dir;
      int old = indexOf(d, topPage);
      if (old >= 0 && d.counts[old] < MIN_LIVE) {
        spillPage(d, old);
      }
    }
    long newTop = pagesHeld == 0 ? pn : Math.max(topPage, pn);
    // Spill the lowest pages while the directory would span too many pages for what it holds; before
    // the directory is resized, so it is sized for what stays.
    while (pagesHeld > 0) {
      Directory d = dir;
      int low = lowestHeld(d);
      long span = newTop - (d.basePage + low) + 1;
      if (span <= MIN_SPAN || span <= 4L * (pagesHeld + 1)) {
        break;
      }
      spillPage(d, low);
    }
    topPage = newTop;
    Directory d = cover(pn);
    int idx = (int) (pn - d.basePage);
    d.pages[idx] = new MemSeries[PAGE];
    pagesHeld++;
    return idx;
  }

  /** The directory, replaced by one whose range holds page {@code pn} when it does not. */
  private Directory cover(long pn) {
    Directory d = dir;
    long p = pn - d.basePage;
    if (p >= 0 && p < d.pages.length) {
      return d;
    }
    long lo = pn;
    long hi = pn;
    int low = pagesHeld > 0 ? lowestHeld(d) : -1;
    if (low >= 0) {
      lo = Math.min(lo, d.basePage + low);
      hi = Math.max(hi, d.basePage + highestHeld(d));
    }
    long span = hi - lo + 1;
    // Room to grow upward (refs are handed out in increasing order): twice the span, at least 16 pages.
    long capacity = Math.max(16, span * 2);
    if (capacity > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("series ref index spans " + span + " pages");
    }
    Directory n = new Directory(lo, (int) capacity);
    if (low >= 0) {
      for (int i = low; i < d.pages.length; i++) {
        if (d.pages[i] != null) {
          int j = (int) (d.basePage + i - lo);
          n.pages[j] = d.pages[i];
          n.counts[j] = d.counts[i];
        }
      }
    }
    dir = n; // published whole: a racing get() sees the old directory or the filled new one
    return n;
  }

  private static int lowestHeld(Directory d) {
    for (int i = 0; i < d.pages.length; i++) {
      if (d.pages[i] != null) {
        return i;
      }
    }
    return -1;
  }

  private static int highestHeld(Directory d) {
    for (int i = d.pages.length - 1; i >= 0; i--) {
      if (d.pages[i] != null) {
        return i;
      }
    }
    return -1;
  }

  /** Moves the page's series to the overflow table, then frees the page. */
  private void spillPage(Directory d, int idx) {
    // Overflow first, then the page goes: a racing get() finds the series in one or the other, or
    // misses and retries under the lock.
    for (MemSeries s : d.pages[idx]) {
      if (s != null) {
        overflow.put(0, s);
      }
    }
    dropPage(d, idx);
  }

  private void dropPage(Directory d, int idx) {
    d.pages[idx] = null;
    d.counts[idx] = 0;
    pagesHeld--;
  }
}
