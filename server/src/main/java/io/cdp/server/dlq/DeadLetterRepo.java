package io.cdp.server.dlq;

import io.cdp.server.event.DeadLetter;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.event.EventJson;
import io.cdp.server.kafka.KafkaClients;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the dead-letter topic. Kafka is the store: letters are read with a short-lived consumer
 * that is assigned the partitions directly (no consumer group, nothing committed), so reading
 * never changes the topic or anybody's offsets. Thread-safe: each call has its own consumer.
 */
public class DeadLetterRepo {
    private static final Duration POLL = Duration.ofMillis(500);
    /** How far back each partition is scanned for a listing, at most. */
    private static final int SCAN_PER_PARTITION = 20_000;

    private final KafkaConfig kafka;

    public DeadLetterRepo(KafkaConfig kafka) {
        this.kafka = kafka;
    }

    /** The newest letters matching the filter, newest first. */
    public List<DeadLetterEntry> list(DeadLetterFilter filter) {
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> toRead = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long end = ends.get(partition);
                if (Math.max(begins.get(partition), end - SCAN_PER_PARTITION) < end) {
                    toRead.put(partition, end);
                }
            }
            // All partitions at once: one fetch round serves them together.
            consumer.assign(toRead.keySet());
            toRead.forEach((partition, end) ->
                    consumer.seek(partition, Math.max(begins.get(partition), end - SCAN_PER_PARTITION)));
            List<DeadLetterEntry> found = new ArrayList<>();
            readUntil(consumer, toRead, found, filter);
            found.sort(Comparator.comparing((DeadLetterEntry entry) -> entry.letter().failedAt()).reversed());
            return found.size() > filter.limit() ? List.copyOf(found.subList(0, filter.limit())) : found;
        }
    }

    /** One letter by its id, empty when there is no such message (or it expired). */
    public Optional<DeadLetterEntry> find(String id) {
        Optional<long[]> position = DeadLetterEntry.parse(id);
        if (position.isEmpty()) {
            return Optional.empty();
        }
        TopicPartition partition = new TopicPartition(kafka.topics().dlq(), (int) position.get()[0]);
        long offset = position.get()[1];
        try (Consumer<String, byte[]> consumer = consumer()) {
            if (partitions(consumer).stream().noneMatch(partition::equals)) {
                return Optional.empty();
            }
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long begin = consumer.beginningOffsets(List.of(partition)).get(partition);
            if (offset < begin || offset >= end) {
                return Optional.empty();
            }
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            List<DeadLetterEntry> found = new ArrayList<>();
            readUntil(consumer, Map.of(partition, offset + 1), found, null);
            return found.stream().findFirst();
        }
    }

    /** Reads each assigned partition up to (not including) its end offset. */
    private void readUntil(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> ends,
                           List<DeadLetterEntry> found, DeadLetterFilter filter) {
        int emptyPolls = 0;
        while (!reachedEnds(consumer, ends) && emptyPolls < 10) {
            var records = consumer.poll(POLL);
            emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
            for (ConsumerRecord<String, byte[]> record : records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= ends.getOrDefault(partition, Long.MIN_VALUE)) {
                    continue;
                }
                decode(record).filter(letter -> filter == null || filter.matches(letter))
                        .ifPresent(letter -> found.add(new DeadLetterEntry(
                                DeadLetterEntry.idOf(record.partition(), record.offset()), letter)));
            }
        }
    }

    private static boolean reachedEnds(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private static Optional<DeadLetter> decode(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(EventJson.deadLetter(record.value()));
        } catch (IOException | RuntimeException notALetter) {
            // Something else was written to the topic by hand; listing skips it rather than fail.
            return Optional.empty();
        }
    }

    private List<TopicPartition> partitions(Consumer<String, byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(kafka.topics().dlq(), Duration.ofSeconds(5));
        return infos == null ? List.of()
                : infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    private Consumer<String, byte[]> consumer() {
        Map<String, Object> properties = KafkaClients.consumer(kafka, "cdp-dlq-reader", "cdp-dlq-reader");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(properties);
    }
}
