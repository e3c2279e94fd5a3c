package io.cdp.server.ingest.publish;

import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline steps 9 and 10: hands accepted events (and ingest's dead letters) on to Kafka, keyed
 * by {@link EventEnvelope#partitionKey()} (anonymousId, else userId), and says per record when
 * it is <em>taken</em>, which is when ingest may answer 2xx for it. What "taken" means is the
 * {@link DeliveryMode}:
 * <ul>
 *   <li>{@code buffered}: the idempotent producer accepted it into its buffer. Kafka may be away
 *       for up to the producer's delivery timeout; once nothing has come back from Kafka for the
 *       stall time, new records are not taken (the request answers 503, the client retries) until
 *       Kafka answers again. A record Kafka finally refuses goes to the {@link Spool}.</li>
 *   <li>{@code durable}: it is fsync'd in the {@link Spool}; the {@link SpoolForwarder} sends it
 *       and it leaves the spool when Kafka acknowledged it. Kafka may be away as long as the
 *       spool has room; a full spool is a 503.</li>
 * </ul>
 * Either way nothing taken is dropped: the spool is replayed on start and after a refusal.
 * Delivery is at least once; destinations keep one row per message id.
 *
 * <p>As a Dropwizard {@link Managed} object it stops after Jetty has drained in-flight requests
 * (shutdownGracePeriod): it gives Kafka a while to take what is buffered and spooled, then closes
 * the producer and the spool; what Kafka did not take stays on disk for the next start.
 * Thread-safe.
 *
 * <pre>{@code
 * List<CompletableFuture<Void>> taken = publisher.publish(List.of(publisher.event(envelope)));
 * taken.get(0).get(5, TimeUnit.SECONDS); // then answer 2xx
 * }</pre>
 */
public class EventPublisher implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How long the spool waits after a refusal before sending its oldest records again. */
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final Producer<String, byte[]> producer;
    private final String eventTopic;
    private final String deadLetterTopic;
    private final DeliveryMode mode;
    private final Spool spool;
    private final KafkaProgress progress;
    private final SpoolForwarder forwarder;
    private final AtomicBoolean warnedUnreachable = new AtomicBoolean();

    /**
     * @param stall how long sends may wait for any answer from Kafka before it counts as unreachable
     */
    public EventPublisher(Producer<String, byte[]> producer, String eventTopic, String deadLetterTopic,
                          DeliveryMode mode, Spool spool, Duration stall) {
        this.producer = producer;
        this.eventTopic = eventTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.mode = mode;
        this.spool = spool;
        this.progress = new KafkaProgress(stall);
        this.forwarder = new SpoolForwarder(spool, producer, progress, RETRY_PAUSE);
    }

    public DeliveryMode mode() {
        return mode;
    }

    /** The record of an accepted event, for the ingest topic. */
    public OutboundRecord event(EventEnvelope envelope) {
        return new OutboundRecord(eventTopic, envelope.partitionKey(), EventJson.toBytes(envelope),
                envelope.messageId());
    }

    /** The record of a dead letter, for the dead-letter topic, keyed like the event it carries. */
    public OutboundRecord deadLetter(DeadLetter letter, String key) {
        return new OutboundRecord(deadLetterTopic, key, EventJson.toBytes(letter), letter.messageId());
    }

    /**
     * Hands the records on, in order; the future of each completes when it is taken, or fails
     * with {@link Unavailable} when it is not (nothing of it will reach Kafka then, except in the
     * rare case of a spool write that completes after the caller stopped waiting).
     */
    public List<CompletableFuture<Void>> publish(List<OutboundRecord> records) {
        return mode == DeliveryMode.DURABLE ? spooled(records) : buffered(records);
    }

    /** Whether Kafka answers the producer now. */
    public boolean kafkaReachable() {
        return progress.reachable();
    }

    private List<CompletableFuture<Void>> spooled(List<OutboundRecord> records) {
        CompletableFuture<Void> written = spool.append(records).handle((places, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                throw new Unavailable(cause instanceof SpoolFullException full ? full.getMessage() + ": retry later"
                        : "events cannot be stored right now (" + cause + "); retry shortly", cause);
            }
            return null;
        });
        List<CompletableFuture<Void>> taken = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            taken.add(written);
        }
        return taken;
    }

    private List<CompletableFuture<Void>> buffered(List<OutboundRecord> records) {
        List<CompletableFuture<Void>> taken = new ArrayList<>(records.size());
        Unavailable refusal = progress.reachable() ? null : unreachable();
        for (OutboundRecord record : records) {
            if (refusal == null) {
                try {
                    send(record);
                } catch (RuntimeException refused) {
                    refusal = new Unavailable("events cannot be queued for Kafka right now; retry shortly", refused);
                }
            }
            taken.add(refusal == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(refusal));
        }
        return taken;
    }

    private Unavailable unreachable() {
        if (warnedUnreachable.compareAndSet(false, true)) {
            LOG.warn("Kafka has not answered for a while: ingest answers 503 until it does (buffered delivery)");
        }
        return new Unavailable("Kafka cannot be reached right now; retry shortly", null);
    }

    private void send(OutboundRecord record) {
        progress.sent();
        AtomicBoolean answered = new AtomicBoolean();
        try {
            producer.send(record.toProducerRecord(), (metadata, error) -> {
                if (answered.compareAndSet(false, true)) {
                    if (error == null) {
                        progress.acknowledged();
                        warnedUnreachable.set(false);
                    } else {
                        refusedLater(record, error);
                    }
                }
            });
        } catch (RuntimeException refused) {
            if (answered.compareAndSet(false, true)) {
                progress.refused();
            }
            throw refused;
        }
    }

    /** An event that was acknowledged and that Kafka finally refused: the spool keeps it until Kafka takes it. */
    private void refusedLater(OutboundRecord record, Exception error) {
        progress.refused();
        spool.append(List.of(record)).whenComplete((places, notStored) -> {
            if (notStored != null) {
                LOG.error("record {} for {} was acknowledged, Kafka refused it ({}) and the spool could not keep it:"
                        + " it is lost", record.messageId(), record.topic(), error, notStored);
            }
        });
    }

    /** Starts sending what the spool holds (an earlier process's records first). */
    @Override
    public void start() {
        forwarder.start();
    }

    /** Runs after Jetty stopped taking requests: lets Kafka take what it can, keeps the rest on disk. */
    @Override
    public void stop() throws IOException {
        // Not producer.flush(): with Kafka away it would wait for the whole delivery timeout.
        forwarder.drainAndStop(CLOSE_TIMEOUT);
        try {
            producer.close(CLOSE_TIMEOUT); // what it still holds then is refused, and spooled
        } finally {
            long left = spool.unacknowledged();
            spool.close();
            if (left > 0) {
                LOG.warn("{} records Kafka has not acknowledged stay in the spool {}; the next start sends them",
                        left, spool.dir().toAbsolutePath());
            }
        }
    }

    /** A record that was not taken: the request answers 503 for it, and the client retries. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
