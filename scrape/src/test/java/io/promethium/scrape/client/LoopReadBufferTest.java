package io.promethium.scrape.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LoopReadBufferTest {
  @Test
  void oneBufferPerThreadHandedOutOnlyWhenFree() {
    ByteBuf a = LoopReadBuffer.take();
    assertNotNull(a);
    assertEquals(LoopReadBuffer.SIZE, a.writableBytes());
    assertTrue(a.isDirect() && a.hasMemoryAddress(), "epoll reads straight into it");
    a.writeLong(42);
    assertNull(LoopReadBuffer.take(), "still held by the first read");
    a.release();
    ByteBuf again = LoopReadBuffer.take();
    assertSame(a, again);
    assertEquals(0, again.readableBytes(), "emptied for the next read");
    again.release();
  }

  @Test
  void aBufferKeptByAHandlerMakesReadsFallBack() {
    RecvByteBufAllocator.Handle h = LoopReadBuffer.INSTANCE.newHandle();
    ByteBuf shared = h.allocate(UnpooledByteBufAllocator.DEFAULT);
    ByteBuf other = h.allocate(UnpooledByteBufAllocator.DEFAULT);
    assertNotSame(shared, other);
    assertTrue(other.writableBytes() > 0);
    other.release();
    shared.release();
    assertEquals(LoopReadBuffer.SIZE, h.guess());
  }

  @Test
  void aBufferReleasedOnceTooOftenIsReplaced() {
    ByteBuf a = LoopReadBuffer.take();
    a.release();
    a.release();
    assertEquals(0, a.refCnt());
    ByteBuf b = LoopReadBuffer.take();
    assertNotNull(b);
    assertNotSame(a, b);
    assertEquals(2, b.refCnt());
    b.release();
  }

  @Test
  void threadsHaveTheirOwn() throws Exception {
    ByteBuf mine = LoopReadBuffer.take();
    AtomicReference<ByteBuf> theirs = new AtomicReference<>();
    Thread t = new Thread(() -> {
      ByteBuf b = LoopReadBuffer.take();
      theirs.set(b);
      b.release();
    });
    t.start();
    t.join();
    assertNotNull(theirs.get());
    assertNotSame(mine, theirs.get());
    mine.release();
  }
}
