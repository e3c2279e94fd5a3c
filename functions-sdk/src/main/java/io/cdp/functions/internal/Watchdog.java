package io.cdp.functions.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off calls that run past their deadline (and, for the heap guard, the call that allocated
 * the most): one daemon thread looks at the calls in flight
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

    /**
     * Stops the running call whose thread allocated the most since the call began, when that is at
     * least {@code minBytes}: it fails with {@code message.apply(allocatedBytes)} and its context
     * is closed, which frees what it held.
     *
     * @return the bytes the stopped call had allocated, or -1 when no call was stopped
     */
    long stopHeaviest(long minBytes, java.util.function.LongFunction<String> message) {
        List<Map.Entry<CallState, PooledContext>> calls = new ArrayList<>(running.entrySet());
        calls.removeIf(entry -> entry.getKey().threadId() < 0);
        long[] threads = new long[calls.size()];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = calls.get(i).getKey().threadId();
        }
        long[] allocated = ThreadAllocations.of(threads);
        int heaviest = -1;
        long most = -1;
        for (int i = 0; i < threads.length; i++) {
            long since = allocated[i] < 0 ? -1 : allocated[i] - calls.get(i).getKey().allocatedAtStart();
            if (since > most) {
                most = since;
                heaviest = i;
            }
        }
        if (heaviest < 0 || most < minBytes) {
            return -1;
        }
        Map.Entry<CallState, PooledContext> call = calls.get(heaviest);
        if (!call.getKey().stopForLimit(message.apply(most))) {
            return -1;
        }
        call.getValue().close();
        return most;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
