package io.promethium.http;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class IdleSleepingEventLoopGroupTest {
  /** Netty's epoll handler, counting the loop's trips through it (one per wake-up). */
  private static IoHandlerFactory counting(AtomicInteger runs) {
    IoHandlerFactory epoll = EpollIoHandler.newFactory();
    return executor -> {
      IoHandler h = epoll.newHandler(executor);
      return new IoHandler() {
        @Override
        public void initialize() {
          h.initialize();
        }

        @Override
        public int run(IoHandlerContext context) {
          runs.incrementAndGet();
          return h.run(context);
        }

        @Override
        public void prepareToDestroy() {
          h.prepareToDestroy();
        }

        @Override
        public void destroy() {
          h.destroy();
        }

        @Override
        public IoRegistration register(IoHandle handle) throws Exception {
          return h.register(handle);
        }

        @Override
        public void wakeup() {
          h.wakeup();
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
          return h.isCompatible(handleType);
        }
      };
    };
  }

  /** Trips through the I/O handler of a started loop left idle for 4.2 s. */
  private static int idleRuns(BiFunction<ThreadFactory, IoHandlerFactory, IoEventLoopGroup> newGroup)
      throws Exception {
    AtomicInteger runs = new AtomicInteger();
    IoEventLoopGroup g = newGroup.apply(new DefaultThreadFactory("idle-test", true), counting(runs));
    try {
      g.submit(() -> {}).sync(); // starts the thread
      Thread.sleep(200);
      int before = runs.get();
      Thread.sleep(4_200);
      return runs.get() - before;
    } finally {
      g.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void anIdleLoopSleepsWhereNettysOwnWakesEverySecond() throws Exception {
    assumeTrue(Epoll.isAvailable(), "needs Netty's native epoll transport (Linux)");
    int ours = idleRuns((tf, f) -> new IdleSleepingEventLoopGroup(1, tf, f));
    int netty = idleRuns((tf, f) -> new MultiThreadIoEventLoopGroup(1, tf, f));
    assertTrue(ours <= 1, "idle loop woke " + ours + " times in 4.2 s");
    assertTrue(netty >= 3,
        "Netty's own loop woke " + netty + " times in 4.2 s: the premise of this class changed");
  }

  @Test
  void aSleepingLoopStillRunsTasksAndTimersSetFromOtherThreads() throws Exception {
    assumeTrue(Epoll.isAvailable(), "needs Netty's native epoll transport (Linux)");
    IoEventLoopGroup g = new IdleSleepingEventLoopGroup(1, new DefaultThreadFactory("idle-test", true),
        EpollIoHandler.newFactory());
    try {
      g.submit(() -> {}).sync();
      Thread.sleep(100); // asleep with nothing on the calendar
      CountDownLatch task = new CountDownLatch(1);
      g.execute(task::countDown);
      assertTrue(task.await(500, TimeUnit.MILLISECONDS), "task handed over while idle did not run");
      Thread.sleep(100);
      long t0 = System.nanoTime();
      CountDownLatch timer = new CountDownLatch(1);
      g.schedule(timer::countDown, 50, TimeUnit.MILLISECONDS);
      assertTrue(timer.await(800, TimeUnit.MILLISECONDS), "timer set while idle did not fire");
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(ms >= 45, "timer fired early: " + ms + " ms");
    } finally {
      g.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
