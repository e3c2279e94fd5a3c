package io.cdp.server.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Polls until a condition holds or a deadline passes, for results that arrive through Kafka.
 * The deadline only bounds a failing test; a passing one returns as soon as the condition holds.
 */
public final class Eventually {
    private Eventually() {
    }

    /** Returns the first value {@code probe} gives that {@code done} accepts; fails with the last value seen. */
    public static <T> T await(Duration timeout, String what, Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        AssertionError failure = new AssertionError("timed out after " + timeout + " waiting for " + what
                + "; last seen: " + last);
        if (lastError != null) {
            failure.initCause(lastError);
        }
        throw failure;
    }
}
