package io.cdp.server.rotor;

import java.time.Duration;
import java.time.Instant;

/**
 * When a {@code RetryError} is retried: after {@code base × 2^retries}, at most {@code max}, and
 * not after {@code maxRetries} passes (then the event goes to the dead-letter queue).
 */
public record RetryPolicy(int maxRetries, Duration base, Duration max) {
    public boolean exhausted(int retriesSoFar) {
        return retriesSoFar >= maxRetries;
    }

    /** When the next attempt of an event retried {@code retriesSoFar} times may run. */
    public Instant due(Instant now, int retriesSoFar) {
        long factor = 1L << Math.min(retriesSoFar, 30);
        Duration wait = base.multipliedBy(factor);
        return now.plus(wait.compareTo(max) > 0 ? max : wait);
    }
}
