package io.promethium.scrape.client;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * A growable byte array that holds one scrape body, reused scrape after scrape by one target so a steady
 * target allocates nothing for its body. The parser reads {@link #array()} from 0 to {@link #length()}.
 *
 * <p>With a {@link BodyBufferPool} the array is borrowed at the start of a scrape (sized after the
 * previous body) and given back by {@link #release()} once the body is ingested, so idle targets hold no
 * body memory. Without a pool (or before a release) the array is kept. Growth doubles, capped by the limit;
 * after a body much smaller than a kept array the next scrape starts from a smaller one, so one huge scrape
 * does not pin memory for ever. Not thread-safe: written by the event loop, then read by a worker after a
 * happens-before hand-off.
 */
public final class BodyBuffer {
  /** Small to start: a target's buffer grows to its body size once and is kept (one per target). */
  private static final int INITIAL = 4 * 1024;
  /** Arrays above this size are given back when the last body used less than a quarter of them. */
  private static final int SHRINK_ABOVE = 1 << 20;
  /** The largest Java array we ask for. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final BodyBufferPool pool;
  private byte[] array;
  private int length;
  private int lastLength;
  private long limit = Long.MAX_VALUE;

  public BodyBuffer() {
    this(INITIAL);
  }

  public BodyBuffer(int initialCapacity) {
    this.pool = null;
    this.array = new byte[Math.max(256, initialCapacity)];
  }

  /** A buffer borrowing its arrays from {@code pool}. */
  BodyBuffer(BodyBufferPool pool) {
    this.pool = pool;
  }

  /** Empties the buffer for a new body of at most {@code limit} bytes (a body reaching it fails). */
  public void reset(long limit) {
    // Empty bodies (failed scrapes, repeated resets) do not count: they say nothing about the target's size.
    if (length > 0) {
      lastLength = length;
    }
    length = 0;
    this.limit = limit <= 0 ? Long.MAX_VALUE : limit;
    if (array == null) {
      // Room for the last body plus an eighth, so a target that grows a little needs no second array.
      long want = Math.max(INITIAL, (long) lastLength + lastLength / 8);
      array = pool.take(want, Math.min(this.limit, MAX_ARRAY));
    } else if (array.length > SHRINK_ABOVE && lastLength < array.length / 4) {
      array = new byte[Math.max(INITIAL, lastLength * 2)];
    }
  }

  /** Gives the array back to the pool (no-op without one); the body is gone until the next reset. */
  public void release() {
    if (pool != null && array != null) {
      if (length > 0) {
        lastLength = length;
      }
      length = 0;
      pool.give(array);
      array = null;
    }
  }

  /** The body bytes; valid from 0 to {@link #length()}, until the next {@link #reset(long)}. */
  public byte[] array() {
    return array;
  }

  public int length() {
    return length;
  }

  /** Copies the readable bytes of {@code buf} (leaving its reader index alone); false when the limit is hit. */
  boolean append(ByteBuf buf) {
    return append(buf, buf.readerIndex(), buf.readableBytes());
  }

  /** Copies {@code buf[index, index + n)}; false when the limit is hit. */
  boolean append(ByteBuf buf, int index, int n) {
    if (!ensureRoom(n)) {
      return false;
    }
    buf.getBytes(index, array, length, n);
    length += n;
    return true;
  }

  /** Copies {@code n} bytes; false when the limit is hit. */
  boolean append(byte[] src, int off, int n) {
    if (!ensureRoom(n)) {
      return false;
    }
    System.arraycopy(src, off, array, length, n);
    length += n;
    return true;
  }

  /**
   * Makes room for {@code n} more bytes, or returns false when the body would reach the limit (Prometheus
   * fails a body of exactly {@code limit} bytes too: it reads through a limit reader and treats a full
   * read as overflow).
   */
  boolean ensureRoom(int n) {
    long need = (long) length + n;
    if (need >= limit || need > MAX_ARRAY) {
      return false;
    }
    if (need > array.length) {
      grow(need);
    }
    return true;
  }

  /**
   * Room to write into directly after {@link #length()}, growing the array when it is full; 0 once the
   * body has reached the limit. Used by the gunzip path, which does not know sizes in advance.
   */
  int window() {
    long cap = Math.min(limit, MAX_ARRAY);
    if (length >= cap) {
      return 0;
    }
    if (length == array.length) {
      grow((long) length + 1);
    }
    return (int) (Math.min(array.length, cap) - length);
  }

  private void grow(long need) {
    long grown = Math.max(need, (long) array.length * 2);
    long cap = Math.min(limit, MAX_ARRAY);
    grown = Math.min(grown, cap);
    if (pool == null) {
      array = Arrays.copyOf(array, (int) grown);
      return;
    }
    byte[] next = pool.take(grown, cap);
    System.arraycopy(array, 0, next, 0, length);
    pool.give(array);
    array = next;
  }

  /** Marks {@code n} more bytes written directly into {@link #array()} after {@link #length()}. */
  void advance(int n) {
    length += n;
  }

  /** Whether the body has reached the limit. */
  boolean atLimit() {
    return length >= limit;
  }
}
