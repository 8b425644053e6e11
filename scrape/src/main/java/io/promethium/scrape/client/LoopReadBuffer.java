package io.promethium.scrape.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;

/**
 * The receive-buffer policy of plain-HTTP scrape connections: every socket read lands in one large direct
 * buffer kept per event-loop thread, so a 130 KB body usually arrives in one read, with no allocation,
 * pooling or leak tracking per read.
 *
 * <p>It works because the scrape pipeline consumes each read before the next one starts: the response
 * decoder copies the bytes into the target's body array during {@code channelRead} and releases the
 * buffer. The buffer is handed out only while no one else holds it (reference count 1, the thread's own
 * reference); a handler that kept it (a TLS or other cumulating decoder) would make the next read fall
 * back to the channel's allocator, so misuse costs speed, never data. TLS connections keep Netty's
 * default allocator anyway.
 *
 * <p>Thread-safe: handles are per channel and run on its event loop; buffers are per thread.
 */
final class LoopReadBuffer extends DefaultMaxMessagesRecvByteBufAllocator {
  /** Two typical bodies: a read is a syscall and a trip through the pipeline, so fewer and larger pay. */
  static final int SIZE = 256 * 1024;
  /** Reads per readiness event, as Netty's default for stream channels. */
  private static final int MAX_READS = 16;
  /** Size of a read when the thread's buffer is taken. */
  private static final int FALLBACK = 16 * 1024;

  private static final FastThreadLocal<ByteBuf> BUFFERS = new FastThreadLocal<>() {
    @Override
    protected ByteBuf initialValue() {
      return newBuffer();
    }
  };

  static final LoopReadBuffer INSTANCE = new LoopReadBuffer();

  private LoopReadBuffer() {
    super(MAX_READS);
  }

  /** Memory left to the GC (a wrapped JDK direct buffer), so a loop thread that dies leaks nothing. */
  private static ByteBuf newBuffer() {
    return Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(SIZE));
  }

  /** The calling thread's buffer, emptied and retained for one read; null when someone still holds it. */
  static ByteBuf take() {
    ByteBuf b = BUFFERS.get();
    int refs = b.refCnt();
    if (refs == 0) {
      // Released once too often somewhere: start over with a fresh buffer rather than reuse a freed one.
      b = newBuffer();
      BUFFERS.set(b);
      refs = 1;
    }
    if (refs != 1) {
      return null;
    }
    b.retain();
    b.clear();
    return b;
  }

  @Override
  public Handle newHandle() {
    return new MaxMessageHandle() {
      @Override
      public ByteBuf allocate(ByteBufAllocator alloc) {
        ByteBuf b = take();
        return b != null ? b : alloc.ioBuffer(FALLBACK);
      }

      @Override
      public int guess() {
        return SIZE;
      }
    };
  }
}
