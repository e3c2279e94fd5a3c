package io.cdp.server.ingest.publish;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that sends what the {@link Spool} holds to Kafka: records appended by requests
 * (durable mode), records Kafka refused (both modes) and records an earlier process left on disk.
 * It keeps a bounded number in flight, acknowledges each in the spool when Kafka does, and after
 * a refusal goes back to the oldest unacknowledged record once the retry pause has passed (so a
 * Kafka that comes back gets everything again, in order). Start and stop from one thread.
 */
final class SpoolForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolForwarder.class);
    private static final int MAX_IN_FLIGHT = 10_000;
    private static final int TAKE = 500;

    private final Spool spool;
    private final Producer<String, byte[]> producer;
    private final KafkaProgress progress;
    private final long retryPauseNanos;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean refusedSinceRewind = new AtomicBoolean();
    private volatile long rewindAt;
    private volatile boolean running;
    private Thread thread;

    SpoolForwarder(Spool spool, Producer<String, byte[]> producer, KafkaProgress progress, Duration retryPause) {
        this.spool = spool;
        this.producer = producer;
        this.progress = progress;
        this.retryPauseNanos = retryPause.toNanos();
    }

    void start() {
        running = true;
        thread = new Thread(this::run, "cdp-spool-forwarder");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits up to {@code timeout} for Kafka to acknowledge everything in the spool, then stops
     * sending; what is left stays on disk for the next start.
     */
    void drainAndStop(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (running && spool.unacknowledged() > 0 && System.nanoTime() < deadline && progress.reachable()) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try {
                long due = rewindAt;
                if (due != 0 && System.nanoTime() - due >= 0) {
                    rewindAt = 0;
                    refusedSinceRewind.set(false);
                    spool.rewind();
                }
                int room = MAX_IN_FLIGHT - inFlight.get();
                List<Spool.Entry> entries = room <= 0 ? List.of() : spool.takeUnsent(Math.min(room, TAKE));
                if (entries.isEmpty()) {
                    spool.awaitAppend(100);
                    continue;
                }
                for (Spool.Entry entry : entries) {
                    send(entry);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception unexpected) {
                LOG.error("the spool forwarder failed; trying again in a second", unexpected);
                pause();
            }
        }
    }

    private void send(Spool.Entry entry) {
        inFlight.incrementAndGet();
        progress.sent();
        AtomicBoolean answered = new AtomicBoolean();
        try {
            producer.send(entry.record().toProducerRecord(), (metadata, error) -> {
                if (answered.compareAndSet(false, true)) {
                    answer(entry, error);
                }
            });
        } catch (RuntimeException refused) {
            if (answered.compareAndSet(false, true)) {
                answer(entry, refused);
            }
        }
    }

    private void answer(Spool.Entry entry, Exception error) {
        inFlight.decrementAndGet();
        if (error == null) {
            progress.acknowledged();
            spool.acknowledge(entry.ref());
            return;
        }
        progress.refused();
        spool.release(entry.ref());
        if (refusedSinceRewind.compareAndSet(false, true)) {
            LOG.warn("Kafka refused spooled record {} ({}); the spool keeps it and sends again from its oldest"
                    + " record in {} ms", entry.record().messageId(), error.toString(),
                    TimeUnit.NANOSECONDS.toMillis(retryPauseNanos));
            rewindAt = System.nanoTime() + retryPauseNanos;
        }
    }

    private static void pause() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
