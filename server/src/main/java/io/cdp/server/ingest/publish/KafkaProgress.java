package io.cdp.server.ingest.publish;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the producer is getting through to Kafka, judged from its own sends: Kafka counts as
 * unreachable when the latest news from it was a refusal, or when sends have been waiting for
 * longer than the stall time without a single acknowledgement. Cheap enough to call on every
 * send; thread-safe.
 */
final class KafkaProgress {
    private final long stallNanos;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    private final AtomicLong lastFailure = new AtomicLong(Long.MIN_VALUE);

    KafkaProgress(Duration stall) {
        this.stallNanos = stall.toNanos();
    }

    void sent() {
        if (inFlight.getAndIncrement() == 0) {
            lastProgress.set(System.nanoTime());
        }
    }

    void acknowledged() {
        lastProgress.set(System.nanoTime());
        inFlight.decrementAndGet();
    }

    void refused() {
        lastFailure.set(System.nanoTime());
        inFlight.decrementAndGet();
    }

    boolean reachable() {
        long progress = lastProgress.get();
        long failure = lastFailure.get();
        if (failure != Long.MIN_VALUE && failure - progress > 0) {
            return false;
        }
        return inFlight.get() == 0 || System.nanoTime() - progress < stallNanos;
    }
}
