package io.cdp.server.bulker;

import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Numbered tasks (0, 1, 2, ...) on different threads that wait for all lower numbers to have
 * {@link #pass passed}: {@link #await} returns once they have, in whatever order they passed.
 * The bulker numbers its batches as it hands them to writers, so steps whose order matters
 * (identity lookups, recording identities) keep the hand-off order while the inserts between
 * them overlap. Thread-safe.
 */
final class Turnstile {
    private static final long CHECK_MILLIS = 100;

    /** Every number below this has passed. */
    private long lowestNotPassed;
    /** Numbers above {@link #lowestNotPassed} that passed already. */
    private final TreeSet<Long> passedAbove = new TreeSet<>();

    /**
     * Waits until every number below {@code number} has passed; false, without waiting longer,
     * once {@code stopped} says so (checked every 100 ms).
     */
    synchronized boolean await(long number, BooleanSupplier stopped) throws InterruptedException {
        while (lowestNotPassed < number) {
            if (stopped.getAsBoolean()) {
                return false;
            }
            wait(CHECK_MILLIS);
        }
        return true;
    }

    /** Marks {@code number} as passed; passing it again does nothing. */
    synchronized void pass(long number) {
        if (number < lowestNotPassed || !passedAbove.add(number)) {
            return;
        }
        while (passedAbove.remove(lowestNotPassed)) {
            lowestNotPassed++;
        }
        notifyAll();
    }
}
