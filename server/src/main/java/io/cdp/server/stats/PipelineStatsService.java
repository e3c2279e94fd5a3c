package io.cdp.server.stats;

import io.cdp.server.config.KafkaConfig;
import io.cdp.server.error.AppError;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Takes {@link PipelineSnapshot}s through Kafka's admin API: end offsets of the four pipeline
 * topics and the lag of every consumer group reading them. Thread-safe.
 */
public class PipelineStatsService {
    private static final long TIMEOUT_SECONDS = 5;

    private final Admin admin;
    private final List<String> topics;
    private final Clock clock;

    public PipelineStatsService(Admin admin, KafkaConfig kafka, Clock clock) {
        this.admin = admin;
        this.topics = List.of(kafka.topics().ingest(), kafka.topics().retry(), kafka.topics().processed(),
                kafka.topics().dlq());
        this.clock = clock;
    }

    public PipelineSnapshot snapshot() {
        try {
            Map<TopicPartition, Long> ends = endOffsets(partitions());
            Map<String, Long> totals = new TreeMap<>();
            topics.forEach(topic -> totals.put(topic, 0L));
            ends.forEach((partition, end) -> totals.merge(partition.topic(), end, Long::sum));
            return new PipelineSnapshot(clock.instant(), totals, lag(ends));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AppError.unavailable("interrupted while asking Kafka for statistics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw AppError.unavailable("Kafka did not answer the statistics request; check `cdp dev status`", e);
        }
    }

    private Collection<TopicPartition> partitions() throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> described = new TreeMap<>();
        for (String topic : topics) {
            try {
                described.putAll(admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                // Not created yet: nothing has flowed through it, it counts as zero.
            }
        }
        return described.values().stream()
                .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                .toList();
    }

    private Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private Map<String, Map<String, Long>> lag(Map<TopicPartition, Long> ends)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> pipelineTopics = Set.copyOf(topics);
        Map<String, Map<String, Long>> lag = new TreeMap<>();
        Collection<ConsumerGroupListing> groups =
                admin.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (ConsumerGroupListing group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<String, Long> behind = new TreeMap<>();
            committed.forEach((partition, offset) -> {
                if (offset != null && pipelineTopics.contains(partition.topic()) && ends.containsKey(partition)) {
                    behind.merge(partition.topic(), Math.max(0, ends.get(partition) - offset.offset()), Long::sum);
                }
            });
            if (!behind.isEmpty()) {
                lag.put(group.groupId(), behind);
            }
        }
        return lag;
    }
}
