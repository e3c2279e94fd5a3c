package io.cdp.server.ingest.publish;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the producer is getting through to Kafka, judged from its own sends: Kafka counts as
 * unreachable for a while after it refused a send, and while sends have been waiting for longer
 * than the stall time without a single acknowledgement. Cheap enough to call on every send;
 * thread-safe.
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

    /**
     * False while Kafka refused the latest send (for the stall time after the refusal: then sends
     * may try again, and stall again if it is still away), or while sends have waited longer than
     * the stall time without an acknowledgement.
     */
    boolean reachable() {
        long now = System.nanoTime();
        long progress = lastProgress.get();
        long failure = lastFailure.get();
        if (failure != Long.MIN_VALUE && failure - progress > 0 && now - failure < stallNanos) {
            return false;
        }
        return inFlight.get() == 0 || now - progress < stallNanos;
    }
}
