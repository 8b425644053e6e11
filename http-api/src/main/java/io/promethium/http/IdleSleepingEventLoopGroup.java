package io.promethium.http;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Netty event loops that sleep while they have nothing to do, until I/O, a task or their next timer.
 *
 * <p>Why: in Netty 4.2 an event loop with no scheduled task tells its I/O handler to wake up one second
 * later, and again one second after that, so every idle loop of the web server (the acceptor and each
 * connection loop) woke once a second for nothing: 4 of the 91 clock ticks Promethium spent in a 4-minute
 * window of scraping 100k series, where no HTTP request came in. Netty's epoll handler reads a deadline of
 * -1 as "nothing on the calendar" and then waits for I/O or a wake-up only. Tasks handed over from other
 * threads and timers set from them still wake the loop (Netty wakes it for both).
 */
final class IdleSleepingEventLoopGroup extends MultiThreadIoEventLoopGroup {
  IdleSleepingEventLoopGroup(int threads, ThreadFactory threadFactory, IoHandlerFactory ioHandlerFactory) {
    super(threads, threadFactory, ioHandlerFactory);
  }

  @Override
  protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlerFactory, Object... args) {
    return new SingleThreadIoEventLoop(this, executor, ioHandlerFactory) {
      @Override
      protected long deadlineNanos() {
        return nextScheduledTaskDeadlineNanos(); // -1 when no timer is set
      }
    };
  }
}
