package io.cdp.server.rotor;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Worker threads where every task of one key runs on the same thread, in the order it was
 * submitted: one visitor's events are processed (and their outputs handed to the producer) in
 * the order they were read, while different visitors' events run in parallel. A key goes to
 * thread {@code hash(key) mod threads}; a thread's queue is unbounded (the rotor loop bounds what
 * it hands out with {@code rotor.maxInFlight}). Thread-safe.
 *
 * <pre>{@code
 * KeyedLanes lanes = new KeyedLanes(4, "cdp-rotor-worker");
 * lanes.submit("anon-1", () -> process(first));
 * lanes.submit("anon-1", () -> process(second));   // after first, on the same thread
 * }</pre>
 */
final class KeyedLanes implements AutoCloseable {
    private final ExecutorService[] lanes;

    KeyedLanes(int threads, String name) {
        lanes = new ExecutorService[threads];
        for (int i = 0; i < threads; i++) {
            lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    new ThreadFactoryBuilder().setNameFormat(name + "-" + (i + 1)).setDaemon(true).build());
        }
    }

    int threads() {
        return lanes.length;
    }

    /** Runs {@code task} after every task submitted earlier with a key of the same lane. */
    void submit(String key, Runnable task) {
        lanes[lane(key, lanes.length)].execute(task);
    }

    /** The lane of {@code key}: its hash, spread so that keys differing in high bits only still differ. */
    static int lane(String key, int lanes) {
        int hash = key.hashCode();
        return Math.floorMod(hash ^ (hash >>> 16), lanes);
    }

    /** Lets queued tasks finish for at most {@code wait}, then stops the threads. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    void close(Duration wait) {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (ExecutorService lane : lanes) {
                lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
    }
}
