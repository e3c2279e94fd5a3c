package io.cdp.server.bulker;

import io.cdp.server.bulker.schema.RowRejection;
import io.cdp.server.bulker.destination.Backoff;
import io.cdp.server.bulker.destination.DestinationException;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.dlq.DeadLetterProducer;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Sends what the bulker cannot store to the dead-letter queue and waits for Kafka's
 * acknowledgement, so the offsets of those events are committed only once their letters are
 * safe. A failed send is retried (with back-off) until it succeeds or the bulker stops: a row is
 * never dropped silently. Thread-safe.
 */
public record RejectedRows(DeadLetterProducer producer, Backoff backoff) {

    /** Sends one letter per rejection; {@code destination} prefixes the message. */
    public void send(String destination, List<RowRejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        List<DeadLetter> letters = new ArrayList<>(rejections.size());
        List<String> keys = new ArrayList<>(rejections.size());
        for (RowRejection rejection : rejections) {
            EventEnvelope envelope = rejection.row().envelope();
            letters.add(DeadLetter.bulker(rejection.reason(), rejection.field(),
                    destination + ": " + rejection.message(), envelope, Instant.now()));
            keys.add(envelope.partitionKey());
        }
        sendAll(letters, keys);
    }

    /**
     * A message whose event cannot be stored as it is: {@code reason} says why
     * ({@code field_collision}: two keys flatten to one column with different values, which a
     * function may make; {@code invalid_table}: its workspace or table cannot name a table). The
     * letter keeps the envelope, so the event can be fixed and replayed.
     */
    public void sendRefused(String destination, ConsumerRecord<String, ByteBuffer> record, String reason, String field,
                            String message) {
        EventEnvelope envelope;
        try {
            envelope = EventJson.envelope(bytes(record.value()));
        } catch (IOException | RuntimeException notReadable) {
            sendMalformed(record, new IllegalArgumentException(message)); // RowReader read it; Jackson should too
            return;
        }
        DeadLetter letter = DeadLetter.bulker(reason, field, destination + ": " + message, envelope, Instant.now());
        sendAll(List.of(letter), java.util.Collections.singletonList(envelope.partitionKey()));
    }

    /** A Kafka message that is not an event envelope at all. */
    public void sendMalformed(ConsumerRecord<String, ByteBuffer> record, Exception error) {
        DeadLetter letter = DeadLetter.malformed(DeadLetter.Stage.BULKER,
                "not an event envelope (" + record.topic() + "-" + record.partition() + "@" + record.offset() + "): "
                        + error.getMessage(), record.value() == null ? null : EventJson.tree(bytes(record.value())),
                Instant.now());
        sendAll(List.of(letter), java.util.Collections.singletonList(record.key()));
    }

    private static byte[] bytes(ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return bytes;
    }

    private void sendAll(List<DeadLetter> letters, List<String> keys) {
        backoff.run("sending " + letters.size() + " dead letters to " + producer.topic(), () -> {
            List<CompletableFuture<?>> acks = new ArrayList<>(letters.size());
            for (int i = 0; i < letters.size(); i++) {
                acks.add(producer.send(letters.get(i), keys.get(i)));
            }
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
            } catch (RuntimeException e) {
                // Resending may duplicate a letter, which is better than losing one.
                throw new DestinationException("dead-letter topic: " + e.getMessage(), true, e);
            }
        });
    }
}
