package io.promethium.scrape.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class BodyBufferTest {
  @Test
  void aBodyOfExactlyTheLimitFailsLikePrometheus() {
    BodyBuffer b = new BodyBuffer(256);
    b.reset(10);
    assertTrue(b.append(Unpooled.wrappedBuffer(new byte[9])));
    assertFalse(b.append(Unpooled.wrappedBuffer(new byte[1])), "10 bytes reach a 10-byte limit");
    assertEquals(9, b.length());
  }

  @Test
  void keepsItsArrayAcrossScrapesAndShrinksAfterTheTargetShrinks() {
    BodyBuffer b = new BodyBuffer(256);
    b.reset(0);
    assertTrue(b.append(Unpooled.wrappedBuffer(new byte[3 << 20])));
    byte[] big = b.array();
    b.reset(0);
    b.reset(0);
    assertSame(big, b.array(), "repeated resets and empty bodies keep the array");
    assertTrue(b.append(Unpooled.wrappedBuffer(new byte[3 << 20])));
    b.reset(0);
    assertSame(big, b.array(), "same size next time: no reallocation");
    assertTrue(b.append(Unpooled.wrappedBuffer(new byte[100])));
    b.reset(0);
    assertTrue(b.array().length < big.length / 4, "a much smaller body lets the array go");
  }

  @Test
  void pooledBuffersAreBorrowedPerScrapeAndSizedAfterTheLastBody() {
    BodyBufferPool pool = new BodyBufferPool(1 << 20);
    BodyBuffer a = new BodyBuffer(pool);
    a.reset(0);
    assertTrue(a.append(Unpooled.wrappedBuffer(new byte[10_000])));
    byte[] first = a.array();
    assertEquals(16 * 1024, first.length);
    a.release();
    assertEquals(null, a.array());
    assertEquals(16 * 1024 + 4 * 1024, pool.pooledBytes(), "the grown array and the first 4 KiB are back");

    BodyBuffer b = new BodyBuffer(pool);
    b.reset(0);
    assertEquals(4 * 1024, b.array().length, "a target of unknown size starts small");
    b.release();

    a.reset(0);
    assertSame(first, a.array(), "sized for the previous body: the same class comes back");
    assertTrue(a.append(Unpooled.wrappedBuffer(new byte[10_000])), "no growth needed");
    assertSame(first, a.array());
  }

  @Test
  void poolKeepsAtMostItsBudget() {
    BodyBufferPool pool = new BodyBufferPool(16 * 1024);
    pool.give(new byte[8 * 1024]);
    pool.give(new byte[8 * 1024]);
    pool.give(new byte[8 * 1024]);
    assertEquals(16 * 1024, pool.pooledBytes());
    pool.give(new byte[5000]);
    assertEquals(16 * 1024, pool.pooledBytes(), "odd sizes are not pooled");
    assertEquals(0, BodyBufferPool.classOf(1));
    assertEquals(0, BodyBufferPool.classOf(4096));
    assertEquals(1, BodyBufferPool.classOf(4097));
    assertEquals(-1, BodyBufferPool.classOf((1L << 26) + 1));
  }
}
