package io.cdp.server.ingest.publish;

import io.cdp.server.event.DeadLetter;
import io.cdp.server.dlq.DeadLetterProducer;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline steps 9 and 10: hands each accepted event to the idempotent Kafka producer, keyed by
 * {@link EventEnvelope#partitionKey()} (anonymousId, else userId), and returns without waiting
 * for the acknowledgement (fire-and-forget, as the seed says). A send that fails later is logged
 * and written to the dead-letter topic; a producer that refuses at once (buffer full, no
 * metadata within {@code max.block.ms}) becomes a 503 the client retries.
 *
 * <p>As a Dropwizard {@link Managed} object it stops after Jetty has drained in-flight requests
 * (shutdownGracePeriod), then flushes and closes the producer: a clean stop (SIGTERM) loses no
 * accepted event. Thread-safe.
 */
public class EventPublisher implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final DeadLetterProducer deadLetters;

    public EventPublisher(Producer<String, byte[]> producer, String topic, DeadLetterProducer deadLetters) {
        this.producer = producer;
        this.topic = topic;
        this.deadLetters = deadLetters;
    }

    public void publish(EventEnvelope envelope) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, envelope.partitionKey(), EventJson.toBytes(envelope));
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    failed(envelope, error);
                }
            });
        } catch (RuntimeException refused) {
            throw AppError.unavailable("events cannot be queued right now; retry shortly", refused);
        }
    }

    private void failed(EventEnvelope envelope, Exception error) {
        LOG.error("event {} of workspace {} was accepted but Kafka refused it; writing it to the dead-letter topic",
                envelope.messageId(), envelope.workspaceId(), error);
        DeadLetter letter = DeadLetter.ingest(DeadLetter.Reasons.WRITE_FAILED, null, error.toString(),
                envelope.workspaceId(), envelope.sourceId(), envelope.messageId(), Instant.now(), envelope.event());
        try {
            deadLetters.send(letter, envelope.partitionKey());
        } catch (RuntimeException alsoRefused) {
            LOG.error("dead-letter write for event {} failed too; the event is only in this log: {}",
                    envelope.messageId(), envelope.event(), alsoRefused);
        }
    }

    /** Nothing to start: the producer connects on first use. */
    @Override
    public void start() {
    }

    /** Runs after Jetty stopped taking requests: sends what is buffered, then closes. */
    @Override
    public void stop() {
        producer.flush();
        producer.close(CLOSE_TIMEOUT);
    }
}
