package io.cdp.server.bulker.destination;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls something until it succeeds or fails for good, sleeping between attempts: 100 ms
 * doubling up to a maximum. A failure that {@link RetriableErrors} does not call retriable is
 * thrown at once; {@link #stop()} ends the waiting with {@link StoppedException}. Thread-safe.
 */
public final class Backoff {
    private static final Logger LOG = LoggerFactory.getLogger(Backoff.class);
    private static final Duration FIRST = Duration.ofMillis(100);

    /** Thrown when the bulker is stopping while a call was being retried. */
    public static final class StoppedException extends RuntimeException {
        public StoppedException(String message) {
            super(message);
        }
    }

    private final Duration max;
    private volatile boolean stopped;

    public Backoff(Duration max) {
        this.max = max;
    }

    /** Makes every call that is waiting to retry, now or later, give up with {@link StoppedException}. */
    public void stop() {
        stopped = true;
    }

    public boolean stopped() {
        return stopped;
    }

    public <T> T call(String what, Callable<T> call) {
        long delay = FIRST.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (Exception error) {
                if (!RetriableErrors.retriable(error)) {
                    throw error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
                }
                if (stopped) {
                    throw new StoppedException("stopped while retrying: " + what);
                }
                LOG.warn("{} failed (attempt {}), retrying in {} ms: {}", what, attempt, delay, error.getMessage());
                sleep(delay, what);
                delay = Math.min(delay * 2, max.toMillis());
            }
        }
    }

    public void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    private void sleep(long millis, String what) {
        long until = System.currentTimeMillis() + millis;
        try {
            while (System.currentTimeMillis() < until) {
                if (stopped) {
                    throw new StoppedException("stopped while retrying: " + what);
                }
                Thread.sleep(Math.min(50, Math.max(1, until - System.currentTimeMillis())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoppedException("interrupted while retrying: " + what);
        }
    }
}
