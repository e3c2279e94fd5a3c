package io.cdp.server.bulker;

import java.util.function.BooleanSupplier;

/**
 * Lets numbered tasks on different threads through one at a time, in the order of their
 * numbers (0, 1, 2, ...): {@link #await} returns once every lower number has {@link #pass passed}.
 * The bulker numbers its batches as it hands them to writers, so steps whose order matters
 * (identity lookups, recording identities) keep the hand-off order while the inserts between
 * them overlap. Thread-safe.
 */
final class Turnstile {
    private static final long CHECK_MILLIS = 100;

    private long next;

    /**
     * Waits until every number below {@code number} has passed; false, without waiting longer,
     * once {@code stopped} says so (checked every 100 ms).
     */
    synchronized boolean await(long number, BooleanSupplier stopped) throws InterruptedException {
        while (next < number) {
            if (stopped.getAsBoolean()) {
                return false;
            }
            wait(CHECK_MILLIS);
        }
        return true;
    }

    /**
     * Marks {@code number}, and so every number below it, as passed. Called once per number, after
     * its {@link #await}, whether its task succeeded or not; out of turn only by a task that is
     * giving up because everything is stopping.
     */
    synchronized void pass(long number) {
        if (number + 1 > next) {
            next = number + 1;
            notifyAll();
        }
    }
}
