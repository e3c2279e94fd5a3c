package io.cdp.server.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.config.KafkaConfig;
import io.cdp.server.kafka.KafkaClients;
import io.cdp.server.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The loop on the real broker, with two rotors of one group: the first stops reading at a
 * rebalance and then dies with outputs that were never acknowledged; every event still comes out
 * (at-least-once), and what the second rotor writes keeps each key's order.
 */
class RotorHandOverTest {
    private static final int EVENTS = 3000;
    private static final int KEYS = 50;

    private final String suffix = TestServices.uniqueName("handover");
    private final KafkaConfig kafka = TestServices.kafkaConfig(suffix);
    private final String group = "rotor-" + suffix;

    /**
     * Copies each record to the processed topic, tagged with the rotor that wrote it; acked when
     * Kafka acked. Past {@code acknowledgedUpTo} records it stands for a process about to die.
     */
    private record Copier(KafkaProducer<String, byte[]> producer, String topic, String name, int acknowledgedUpTo,
                          AtomicInteger seen) implements RecordProcessor {
        @Override
        public CompletableFuture<Void> process(ConsumerRecord<String, byte[]> record) {
            if (seen.incrementAndGet() > acknowledgedUpTo) {
                // A process that is about to die: what it produces from now on is never acknowledged.
                return new CompletableFuture<>();
            }
            String value = new String(record.value(), StandardCharsets.UTF_8) + "|" + name;
            return EventProcessor.acknowledged(producer,
                    new ProducerRecord<>(topic, record.key(), value.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private RotorLoop loop(RecordProcessor processor) {
        return new RotorLoop(() -> {
            Map<String, Object> properties = KafkaClients.consumer(kafka, group, "rotor-test");
            properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
            return new KafkaConsumer<>(properties);
        }, List.of(kafka.topics().ingest()), kafka.topics().retry(), processor,
                new RotorLoop.Settings(4, 400, Duration.ofMillis(50), Duration.ofSeconds(1)), Clock.systemUTC());
    }

    @Test
    void everyEventComesOutWhenARotorDiesAfterARebalanceWithOutputsUnacknowledged() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(kafka, "handover"))) {
            for (int i = 0; i < EVENTS; i++) {
                String key = "k" + (i % KEYS);
                producer.send(new ProducerRecord<>(kafka.topics().ingest(), key,
                        (key + ":" + (i / KEYS)).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();

            Copier dying = new Copier(producer, kafka.topics().processed(), "A", 1000, new AtomicInteger());
            Copier survivor = new Copier(producer, kafka.topics().processed(), "B", Integer.MAX_VALUE,
                    new AtomicInteger());
            RotorLoop first = loop(dying);
            RotorLoop second = loop(survivor);
            first.start();
            try {
                awaitAtLeast(dying.seen(), 1200);
                second.start(); // a rebalance: the first rotor hands some partitions over
                awaitAtLeast(survivor.seen(), 1);
            } finally {
                first.stop(); // dies: its unacknowledged records are not committed
            }
            try {
                Map<String, List<String>> out = readUntilComplete();
                Set<String> distinct = new HashSet<>();
                out.values().forEach(values -> values.forEach(value -> distinct.add(value.substring(0,
                        value.indexOf('|')))));
                assertThat(distinct).hasSize(EVENTS);
                out.forEach((key, values) -> {
                    List<Integer> bySurvivor = values.stream().filter(value -> value.endsWith("|B"))
                            .map(value -> Integer.parseInt(value.substring(value.indexOf(':') + 1, value.indexOf('|'))))
                            .toList();
                    assertThat(bySurvivor).as(key).isSorted().doesNotHaveDuplicates();
                });
                awaitCommittedToTheEnd();
            } finally {
                second.stop();
            }
        }
    }

    private static void awaitAtLeast(AtomicInteger counter, int value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (counter.get() < value) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + counter.get() + " records processed, expected " + value);
            }
            Thread.sleep(20);
        }
    }

    /** The processed topic's values by key, in partition order, once every event is there at least once. */
    private Map<String, List<String>> readUntilComplete() throws InterruptedException {
        Map<String, List<String>> byKey = new HashMap<>();
        Set<String> distinct = new HashSet<>();
        Map<String, Object> properties = KafkaClients.consumer(kafka, "reader-" + suffix, "reader");
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(properties)) {
            reader.subscribe(List.of(kafka.topics().processed()));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (distinct.size() < EVENTS) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + distinct.size() + " of " + EVENTS + " events came out");
                }
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    byKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(value);
                    distinct.add(value.substring(0, value.indexOf('|')));
                }
            }
        }
        return byKey;
    }

    private void awaitCommittedToTheEnd() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < 3; partition++) {
                latest.put(new TopicPartition(kafka.topics().ingest(), partition), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                boolean complete = ends.entrySet().stream().allMatch(end -> committed.get(end.getKey()) != null
                        && committed.get(end.getKey()).offset() == end.getValue().offset());
                if (complete) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("committed " + committed + ", the partitions end at " + ends);
                }
                Thread.sleep(100);
            }
        }
    }
}
