package io.cdp.server.dlq;

import io.cdp.server.event.DeadLetter;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.event.EventJson;
import io.cdp.server.kafka.KafkaClients;
import java.io.IOException;
import java.time.Duration;
import io.cdp.server.error.AppError;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.TreeMap;
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
 *
 * <p>Every letter Kafka still keeps is reachable: a listing is a walk in pages, newest first,
 * that reads each partition downwards in chunks of {@value #SCAN_CHUNK} records and hands back a
 * {@link DeadLetterCursor} where it stopped. A time range becomes an offset range per partition
 * ({@code offsetsForTimes}), so old letters are found without reading the newer ones. Memory is
 * bounded by the page and one chunk per partition, whatever the size of the topic.
 *
 * <pre>{@code
 * DeadLetterPage page = repo.page(filter, null);
 * while (page.next() != null) {
 *     page = repo.page(filter, DeadLetterCursor.parse(page.next()).orElseThrow());
 * }
 * }</pre>
 */
public class DeadLetterRepo {
    private static final Duration POLL = Duration.ofMillis(500);
    /** How many records of one partition are read at a time while walking it downwards. */
    static final int SCAN_CHUNK = 2_000;
    /**
     * A time range is found by record timestamp, which grows with the offsets only as far as the
     * clocks of the servers writing letters agree; the offset range is widened by this much on
     * both sides, and the exact range is then checked letter by letter.
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    /** Polls in a row that may come back empty before a read gives up (Kafka unreachable). */
    private static final int MAX_EMPTY_POLLS = 10;

    private final KafkaConfig kafka;

    public DeadLetterRepo(KafkaConfig kafka) {
        this.kafka = kafka;
    }

    /** The newest letters matching the filter, newest first: the first page. */
    public List<DeadLetterEntry> list(DeadLetterFilter filter) {
        return page(filter, null).letters();
    }

    /**
     * One page of the letters matching the filter, newest first, starting where {@code cursor}
     * says ({@code null}: at the newest letter). The page's {@code next} is null on the last page.
     */
    public DeadLetterPage page(DeadLetterFilter filter, DeadLetterCursor cursor) {
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            Map<TopicPartition, Long> lows = new HashMap<>(consumer.beginningOffsets(partitions));
            Map<TopicPartition, Long> highs = new HashMap<>(consumer.endOffsets(partitions));
            if (filter.since() != null) {
                offsetsAt(consumer, partitions, filter.since().minus(CLOCK_SKEW)).forEach((partition, offset) ->
                        lows.merge(partition, offset == null ? highs.get(partition) : offset, Math::max));
            }
            if (filter.until() != null) {
                offsetsAt(consumer, partitions, filter.until().plus(CLOCK_SKEW)).forEach((partition, offset) -> {
                    if (offset != null) {
                        highs.merge(partition, offset, Math::min);
                    }
                });
            }
            if (cursor != null) {
                for (TopicPartition partition : partitions) {
                    Long below = cursor.below().get(partition.partition());
                    highs.merge(partition, below == null ? lows.get(partition) : below, Math::min);
                }
            }
            return new Walk(consumer, filter, lows, highs).page();
        }
    }

    /** For each partition the first offset stored at or after {@code time}; null: none is. */
    private static Map<TopicPartition, Long> offsetsAt(Consumer<String, byte[]> consumer,
                                                       List<TopicPartition> partitions, Instant time) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, time.toEpochMilli()));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        consumer.offsetsForTimes(query).forEach((partition, found) ->
                offsets.put(partition, found == null ? null : found.offset()));
        return offsets;
    }

    /**
     * One page's walk down the partitions. Each partition keeps a buffer of matching letters read
     * but not yet returned (highest offset first); the page takes, one at a time, the newest head
     * of all buffers, and reads the next chunk of a partition whenever its buffer runs dry. What a
     * partition returned is always its highest offsets, so the cursor is exact.
     */
    private static final class Walk {
        private final Consumer<String, byte[]> consumer;
        private final DeadLetterFilter filter;
        private final Map<TopicPartition, Long> lows;
        /** Per partition: the records at and above this offset have been read into the buffer. */
        private final Map<TopicPartition, Long> readDownTo;
        private final Map<TopicPartition, Deque<Read>> buffers = new TreeMap<>(
                Comparator.comparingInt(TopicPartition::partition));

        Walk(Consumer<String, byte[]> consumer, DeadLetterFilter filter,
             Map<TopicPartition, Long> lows, Map<TopicPartition, Long> highs) {
            this.consumer = consumer;
            this.filter = filter;
            this.lows = lows;
            this.readDownTo = new HashMap<>(highs);
            highs.keySet().forEach(partition -> buffers.put(partition, new ArrayDeque<>()));
        }

        DeadLetterPage page() {
            List<DeadLetterEntry> page = new ArrayList<>();
            while (page.size() < filter.limit()) {
                List<TopicPartition> dry = buffers.keySet().stream()
                        .filter(partition -> buffers.get(partition).isEmpty() && unread(partition)).toList();
                if (!dry.isEmpty()) {
                    readNextChunks(dry);
                    continue;
                }
                Optional<Deque<Read>> newest = buffers.values().stream().filter(buffer -> !buffer.isEmpty())
                        .max(Comparator.comparing((Deque<Read> buffer) -> buffer.peekFirst().entry().letter().failedAt(),
                                Comparator.nullsFirst(Comparator.naturalOrder())));
                if (newest.isEmpty()) {
                    break;
                }
                page.add(newest.get().pollFirst().entry());
            }
            Map<Integer, Long> next = new HashMap<>();
            buffers.forEach((partition, buffer) -> {
                long below = buffer.isEmpty() ? readDownTo.get(partition) : buffer.peekFirst().offset() + 1;
                if (below > lows.get(partition)) {
                    next.put(partition.partition(), below);
                }
            });
            return new DeadLetterPage(page, DeadLetterCursor.format(next));
        }

        private boolean unread(TopicPartition partition) {
            return readDownTo.get(partition) > lows.get(partition);
        }

        /** Reads the next chunk below what was read of each partition, all partitions in one go. */
        private void readNextChunks(List<TopicPartition> partitions) {
            Map<TopicPartition, Long> ends = new HashMap<>();
            consumer.assign(partitions);
            for (TopicPartition partition : partitions) {
                long end = readDownTo.get(partition);
                consumer.seek(partition, Math.max(lows.get(partition), end - SCAN_CHUNK));
                ends.put(partition, end);
            }
            Map<TopicPartition, List<Read>> found = new HashMap<>();
            readUntil(consumer, ends, record -> decode(record)
                    .filter(letter -> filter.inRange(record.timestamp()) && filter.matches(letter))
                    .ifPresent(letter -> found.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                            partition -> new ArrayList<>()).add(new Read(record.offset(), new DeadLetterEntry(
                                    DeadLetterEntry.idOf(record.partition(), record.offset()), letter)))));
            for (TopicPartition partition : partitions) {
                readDownTo.put(partition, Math.max(lows.get(partition), ends.get(partition) - SCAN_CHUNK));
                List<Read> reads = found.getOrDefault(partition, List.of());
                reads.stream().sorted(Comparator.comparingLong(Read::offset).reversed())
                        .forEach(buffers.get(partition)::addLast);
            }
        }
    }

    /** A matching letter read from a partition, with its offset. */
    private record Read(long offset, DeadLetterEntry entry) {
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
            readUntil(consumer, Map.of(partition, offset + 1), record -> decode(record).ifPresent(letter ->
                    found.add(new DeadLetterEntry(DeadLetterEntry.idOf(record.partition(), record.offset()), letter))));
            return found.stream().findFirst();
        }
    }

    /**
     * Hands each record of the assigned partitions below its end offset to {@code each}, until
     * every partition is read up to its end. Fails rather than return part of a range silently.
     */
    private static void readUntil(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> ends,
                                  java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        int emptyPolls = 0;
        while (!reachedEnds(consumer, ends)) {
            if (emptyPolls >= MAX_EMPTY_POLLS) {
                throw AppError.unavailable("could not read the dead-letter topic (Kafka answers no records);"
                        + " check that Kafka runs (`cdp dev status`) and try again", null);
            }
            var records = consumer.poll(POLL);
            emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
            for (ConsumerRecord<String, byte[]> record : records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < ends.getOrDefault(partition, Long.MIN_VALUE)) {
                    each.accept(record);
                }
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
