package io.cdp.server.live;

import io.cdp.server.config.KafkaConfig;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.kafka.KafkaClients;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds what the rotor made of an event: reads the newest {@value #TAIL} records of each
 * partition of {@code events.processed} with a short-lived consumer assigned to the partitions
 * (no consumer group, nothing committed), and keeps those whose message id matches. Only asked
 * when a viewer opens one event, never on the ingest path. Thread-safe: one consumer per call.
 */
public class ProcessedTail {
    /** How far back from the end of each partition an event is looked for. */
    static final int TAIL = 5_000;
    private static final Duration POLL = Duration.ofMillis(300);
    private static final int MAX_IDLE_POLLS = 10;

    private final KafkaConfig kafka;

    public ProcessedTail(KafkaConfig kafka) {
        this.kafka = kafka;
    }

    /** The envelopes written to {@code events.processed} for this message id, oldest first (a fan-out gives several). */
    public List<EventEnvelope> find(String messageId) {
        Map<String, Object> properties = KafkaClients.consumer(kafka, "cdp-live-reader", "cdp-live-reader");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<PartitionInfo> infos = consumer.partitionsFor(kafka.topics().processed(), Duration.ofSeconds(5));
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
            consumer.assign(partitions);
            partitions.forEach(partition -> consumer.seek(partition,
                    Math.max(starts.get(partition), ends.get(partition) - TAIL)));
            List<EventEnvelope> found = new ArrayList<>();
            int idlePolls = 0;
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                var records = consumer.poll(POLL);
                idlePolls = records.isEmpty() ? idlePolls + 1 : 0;
                if (idlePolls > MAX_IDLE_POLLS) {
                    throw AppError.unavailable("could not read " + kafka.topics().processed()
                            + " (Kafka answers no records); check that Kafka runs (`cdp dev status`)", null);
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (messageId.equals(record.key()) || contains(record.value(), messageId)) {
                        envelope(record).filter(envelope -> messageId.equals(envelope.messageId()))
                                .ifPresent(found::add);
                    }
                }
            }
            return found;
        }
    }

    /** A cheap pre-check before parsing: the id's bytes appear in the record. */
    private static boolean contains(byte[] value, String messageId) {
        return value != null && new String(value, java.nio.charset.StandardCharsets.UTF_8).contains(messageId);
    }

    private static java.util.Optional<EventEnvelope> envelope(ConsumerRecord<String, byte[]> record) {
        try {
            return java.util.Optional.of(EventJson.envelope(record.value()));
        } catch (IOException | RuntimeException notAnEnvelope) {
            return java.util.Optional.empty();
        }
    }
}
