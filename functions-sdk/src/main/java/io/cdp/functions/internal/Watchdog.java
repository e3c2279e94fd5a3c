package io.cdp.functions.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off calls that run past their deadline: one daemon thread looks at the calls in flight
 * every {@code tick} and closes the context of any call whose deadline passed (which stops its
 * guest code). A call only registers and unregisters itself, so the common case (a call that
 * ends in time) costs two map updates instead of scheduling and cancelling a timer, which woke
 * the timer thread on every call. A runaway call is stopped at most one tick after its deadline.
 * Thread-safe.
 */
final class Watchdog implements AutoCloseable {
    private static final Duration MIN_TICK = Duration.ofMillis(5);
    private static final Duration MAX_TICK = Duration.ofMillis(100);

    private final Map<CallState, PooledContext> running = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor sweeper;

    /** A watchdog that looks often enough for {@code timeLimit} (a twentieth of it, 5-100 ms). */
    Watchdog(Duration timeLimit) {
        long tick = Math.max(MIN_TICK.toNanos(), Math.min(MAX_TICK.toNanos(), timeLimit.toNanos() / 20));
        this.sweeper = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "cdp-function-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.NANOSECONDS);
    }

    void watch(CallState call, PooledContext context) {
        running.put(call, context);
    }

    void release(CallState call) {
        running.remove(call);
    }

    private void sweep() {
        long now = System.nanoTime();
        running.forEach((call, context) -> {
            // expire() fails when the call finished meanwhile: then its context is in use elsewhere.
            if (call.overdue(now) && call.expire()) {
                context.close();
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
