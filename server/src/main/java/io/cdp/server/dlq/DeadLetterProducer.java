package io.cdp.server.dlq;

import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link DeadLetter}s to the dead-letter topic; every stage uses this one class. The
 * returned future completes when Kafka acknowledged the letter, so a consumer can commit its
 * offset only after the failed event is safe. Thread-safe (Kafka producers are).
 *
 * <pre>{@code
 * deadLetters.send(letter, envelope.partitionKey()).join(); // before committing the offset
 * }</pre>
 */
public class DeadLetterProducer {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProducer.class);
    /** Stacks are for diagnosis; a few kilobytes say where it failed without bloating the topic. */
    private static final int MAX_STACK_CHARS = 4000;

    private final Producer<String, byte[]> producer;
    private final String topic;

    public DeadLetterProducer(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** Produces the letter keyed like the event it carries; completes on Kafka's acknowledgement. */
    public CompletableFuture<RecordMetadata> send(DeadLetter letter, String key) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key, EventJson.toBytes(letter)), (metadata, error) -> {
            if (error != null) {
                LOG.error("could not write a dead letter for message {} ({}) to {}",
                        letter.messageId(), letter.reason(), topic, error);
                acked.completeExceptionally(error);
            } else {
                acked.complete(metadata);
            }
        });
        return acked;
    }

    /** The stack trace of {@code error}, cut to a size fit for a Kafka message. */
    public static String stackOf(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        String stack = text.toString();
        return stack.length() <= MAX_STACK_CHARS ? stack : stack.substring(0, MAX_STACK_CHARS) + "\n\t...";
    }
}
